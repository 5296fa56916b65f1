// docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so they are parsed
// and checked: services, ports, healthchecks, start order, that every variable handed to HEAN is
// one it reads (and valid), and the image's stages, port, healthcheck and non-root user.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseSettings } from "../../server/config/load-settings";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

// --- docker-compose.yml -----------------------------------------------------------------------------

const healthcheckSchema = z.object({
  test: z.union([z.string(), z.array(z.string()).min(2)]),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  retries: z.number().int().positive().optional(),
  start_period: z.string().optional(),
});

const serviceSchema = z.looseObject({
  image: z.string().optional(),
  build: z.union([z.string(), z.looseObject({ context: z.string(), dockerfile: z.string().optional() })]).optional(),
  ports: z.array(z.union([z.string(), z.number()])).optional(),
  environment: z
    .union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), z.array(z.string())])
    .optional(),
  depends_on: z
    .union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string() }).loose())])
    .optional(),
  volumes: z.array(z.string()).optional(),
  healthcheck: healthcheckSchema.optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
});

const composeSchema = z.looseObject({
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.unknown()).optional(),
});

type Service = z.infer<typeof serviceSchema>;

const compose = composeSchema.parse(parseYaml(read("docker-compose.yml")));

function service(name: string): Service {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

/** Compose's `${VAR:-default}` / `${VAR-default}` / `${VAR}` with the variable unset. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? "");
}

function environment(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf("=");
        return i < 0 ? [entry, ""] : [entry.slice(0, i), interpolate(entry.slice(i + 1))];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v === null ? "" : String(v))]));
}

/** Names .env.example documents, set or commented out (`NAME=value` or `# NAME=value`). */
function documentedVariables(): Set<string> {
  const names = new Set<string>();
  for (const line of read(".env.example").split("\n")) {
    const m = /^\s*#?\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

describe("docker-compose.yml", () => {
  it("defines hean, postgres and redis", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["hean", "postgres", "redis"]);
  });

  it("builds hean from this repository's Dockerfile and publishes port 3000", () => {
    const hean = service("hean");
    const build = typeof hean.build === "string" ? { context: hean.build, dockerfile: undefined } : hean.build;
    expect(build, "hean has a build section").toBeDefined();
    expect(build?.context).toBe(".");
    expect(existsSync(join(ROOT, build?.context ?? ".", build?.dockerfile ?? "Dockerfile"))).toBe(true);
    expect((hean.ports ?? []).map(String)).toContain("3000:3000");
    expect(environment(hean).PORT ?? "3000", "container port matches PORT").toBe("3000");
  });

  it("sets for hean only variables HEAN reads, each with a valid value", () => {
    const env = environment(service("hean"));
    const documented = documentedVariables();
    expect(documented.size, ".env.example lists the settings").toBeGreaterThan(10);
    const unknown = Object.keys(env).filter((name) => !documented.has(name));
    expect(unknown, "variables not in .env.example").toEqual([]);
    expect(() => parseSettings(env)).not.toThrow();
  });

  it("runs hean in paper mode against the postgres service", () => {
    const env = environment(service("hean"));
    expect(env.PAPER_MODE).toBe("true");
    const url = new URL(env.DATABASE_URL ?? "");
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe("postgres");
    expect(url.port || "5432").toBe("5432");
    const pg = environment(service("postgres"));
    expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(url.pathname.slice(1)).toBe(pg.POSTGRES_DB ?? pg.POSTGRES_USER);
  });

  it("starts hean only once postgres is healthy", () => {
    const dependsOn = service("hean").depends_on;
    expect(dependsOn && !Array.isArray(dependsOn), "depends_on with conditions").toBe(true);
    if (!dependsOn || Array.isArray(dependsOn)) return;
    expect(dependsOn.postgres?.condition).toBe("service_healthy");
    for (const [name, dep] of Object.entries(dependsOn)) {
      expect(compose.services[name], `depends_on names a service: ${name}`).toBeDefined();
      if (dep.condition === "service_healthy")
        expect(service(name).healthcheck, `${name} has a healthcheck for service_healthy`).toBeDefined();
    }
  });

  it("runs postgres 16 with a named volume and a pg_isready healthcheck", () => {
    const pg = service("postgres");
    expect(pg.image).toBe("postgres:16-alpine");
    expect(pg.volumes ?? []).toContainEqual(expect.stringMatching(/^[\w-]+:\/var\/lib\/postgresql\/data$/));
    expect([pg.healthcheck?.test].flat().join(" ")).toContain("pg_isready");
  });

  it("runs redis 7 with a healthcheck", () => {
    const redis = service("redis");
    expect(redis.image).toBe("redis:7-alpine");
    expect([redis.healthcheck?.test].flat().join(" ")).toContain("redis-cli");
  });

  it("declares every named volume it mounts", () => {
    const declared = new Set(Object.keys(compose.volumes ?? {}));
    for (const [name, s] of Object.entries(compose.services)) {
      for (const mount of s.volumes ?? []) {
        const source = mount.split(":")[0] ?? "";
        if (source.startsWith(".") || source.startsWith("/")) continue; // bind mount
        expect(declared.has(source), `${name}: volume "${source}" declared at top level`).toBe(true);
      }
    }
  });
});

// --- Dockerfile ---------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Instructions with line continuations joined and comments dropped, as Docker reads them. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = "";
  let start = 0;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (/^\s*#/.test(line) || (pending === "" && line.trim() === "")) return;
    if (pending === "") start = i + 1;
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, "")} `;
      return;
    }
    const full = (pending + line).trim();
    pending = "";
    const m = /^(\S+)\s*([\s\S]*)$/.exec(full);
    if (m?.[1]) out.push({ keyword: m[1].toUpperCase(), args: (m[2] ?? "").trim(), line: start });
  });
  return out;
}

function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith("--"));
      const asAt = words.findIndex((w) => w.toUpperCase() === "AS");
      stages.push({ base: words[0] ?? "", name: asAt >= 0 ? words[asAt + 1] : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(ins);
    }
  }
  return stages;
}

/** A JSON-form (`["a", "b"]`) or shell-form argument list, as one string. */
function commandText(args: string): string {
  const trimmed = args.replace(/^(--\S+\s+)*/, "");
  const json = /(?:^|\s)(\[[\s\S]*\])\s*$/.exec(trimmed);
  if (json?.[1]) {
    try {
      return (JSON.parse(json[1]) as string[]).join(" ");
    } catch {
      // shell form that happens to contain brackets
    }
  }
  return trimmed;
}

describe("Dockerfile", () => {
  const instructions = parseDockerfile(read("Dockerfile"));
  const stages = stagesOf(instructions);
  const names = stages.map((s) => s.name).filter((n): n is string => n !== undefined);
  const runs = instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
  const final = stages.at(-1);
  const finalOf = (keyword: string) => (final?.instructions ?? []).filter((i) => i.keyword === keyword);

  it("is multi-stage on node:20-bookworm-slim", () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stages[0]?.base).toBe("node:20-bookworm-slim");
    stages.forEach((stage, i) => {
      const earlier = stages.slice(0, i).map((s) => s.name);
      expect(
        stage.base === "node:20-bookworm-slim" || earlier.includes(stage.base),
        `stage ${i} (${stage.name}) builds on node:20-bookworm-slim or an earlier stage, not ${stage.base}`,
      ).toBe(true);
    });
    expect(new Set(names).size, "stage names are unique").toBe(names.length);
  });

  it("installs with npm ci, generates the Prisma client with the project's script, then builds Next", () => {
    const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
    expect(at(/\bnpm ci\b/)).toBeGreaterThanOrEqual(0);
    expect(at(/node scripts\/prisma-generate\.mjs/)).toBeGreaterThanOrEqual(0);
    expect(at(/\bnext build\b/)).toBeGreaterThan(at(/node scripts\/prisma-generate\.mjs/));
    expect(at(/\bnext build\b/)).toBeGreaterThan(at(/\bnpm ci\b/));
  });

  it("copies only files that exist, and only from earlier stages", () => {
    stages.forEach((stage, i) => {
      for (const ins of stage.instructions.filter((x) => x.keyword === "COPY")) {
        const from = /--from=(\S+)/.exec(ins.args)?.[1];
        if (from) {
          expect(
            stages
              .slice(0, i)
              .map((s) => s.name)
              .includes(from),
            `line ${ins.line}: --from=${from}`,
          ).toBe(true);
          continue;
        }
        const words = ins.args.split(/\s+/).filter((w) => !w.startsWith("--"));
        for (const source of words.slice(0, -1)) {
          if (source === "." || source.includes("*")) continue;
          expect(existsSync(join(ROOT, source)), `line ${ins.line}: COPY source ${source} exists`).toBe(true);
        }
      }
    });
  });

  it("exposes 3000, keeps data in a volume and runs the server with tsx", () => {
    expect(finalOf("EXPOSE").flatMap((i) => i.args.split(/\s+/))).toContain("3000");
    expect(
      finalOf("VOLUME")
        .map((i) => commandText(i.args))
        .join(" "),
    ).toContain("/app/data");
    const cmd = finalOf("CMD").at(-1);
    expect(cmd, "final stage has a CMD").toBeDefined();
    expect(commandText(cmd?.args ?? "")).toMatch(/tsx.*server\/main\.ts/);
  });

  it("has a HEALTHCHECK against /health", () => {
    const hc = finalOf("HEALTHCHECK").at(-1);
    expect(hc, "final stage has a HEALTHCHECK").toBeDefined();
    expect(hc?.args).not.toMatch(/^NONE$/i);
    expect(commandText(hc?.args ?? "")).toContain("/health");
  });

  it("runs as a non-root user", () => {
    const user = finalOf("USER").at(-1)?.args.split(":")[0];
    expect(user, "final stage sets USER").toBeDefined();
    expect(["root", "0"]).not.toContain(user);
  });

  it("keeps dependencies, builds and secrets out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    for (const entry of ["node_modules", ".next", ".env", "data", ".git"]) expect(ignored).toContain(entry);
    expect(ignored, ".env.example stays in").toContain("!.env.example");
  });
});
