import type { RequestFacts } from "./request-facts";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]", "::1"];

export interface OriginPolicyOptions {
  /** HOST: a specific address is a name the server answers to. */
  readonly listenHost: string;
  /** ALLOWED_HOSTS. */
  readonly allowedHosts: readonly string[];
  /** CORS_ORIGINS: other origins whose pages may call the API. */
  readonly corsOrigins: readonly string[];
}

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host name of a Host header, without its port. */
function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const i = host.lastIndexOf(":");
  return i === -1 ? host : host.slice(0, i);
}

/**
 * Where requests may come from. The Host header must name this server (loopback names, HOST,
 * ALLOWED_HOSTS): anything else is a DNS rebinding attempt or a misdirected request. A browser's
 * Origin must be the server's own (the scheme and Host of the request) or listed in CORS_ORIGINS;
 * Sec-Fetch-Site says so for browsers that send no Origin.
 */
export class OriginPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly cors: ReadonlySet<string>;

  constructor(o: OriginPolicyOptions) {
    const names = [...LOOPBACK_NAMES, ...o.allowedHosts.map((h) => h.toLowerCase())];
    if (o.listenHost !== "0.0.0.0" && o.listenHost !== "::") names.push(o.listenHost.toLowerCase());
    this.hosts = new Set(names);
    this.cors = new Set(o.corsOrigins.map((x) => x.toLowerCase().replace(/\/$/, "")));
  }

  hostAllowed(facts: RequestFacts): boolean {
    return facts.host !== "" && this.hosts.has(hostName(facts.host));
  }

  /** The server's own origin for this request. */
  ownOrigin(facts: RequestFacts): string {
    return `${facts.secure ? "https" : "http"}://${facts.host}`;
  }

  /** A CORS_ORIGINS origin, to which the answer grants access. */
  corsGranted(facts: RequestFacts): string | null {
    const origin = facts.origin?.toLowerCase() ?? null;
    return origin !== null && this.cors.has(origin) ? origin : null;
  }

  /** Whether the request comes from this server's own pages or from outside any browser (curl, scripts). */
  sameOriginOrNoBrowser(facts: RequestFacts): boolean {
    if (facts.origin !== null)
      return facts.origin.toLowerCase() === this.ownOrigin(facts) || this.corsGranted(facts) !== null;
    // No Origin: a browser still says where the request comes from in Sec-Fetch-Site.
    return facts.fetchSite === null || facts.fetchSite === "same-origin" || facts.fetchSite === "none";
  }
}
