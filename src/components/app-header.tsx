"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ConnectionBadge } from "./connection-badge";
import { ConnectionBanner } from "./connection-banner";
import { LogoutButton } from "./logout-button";
import { NAV_LINKS } from "./nav-links";
import { StatusStrip } from "./status-strip";

/** The top bar on every page: pages, the engine's state at a glance, and the live link. */
export function AppHeader() {
  const path = usePathname();
  return (
    <header className="sticky top-0 z-30 border-b border-panel-border bg-page/95 backdrop-blur">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          HEAN <span className="text-gray-500">trading engine</span>
        </Link>
        <nav aria-label="Pages" className="flex gap-1 text-sm">
          {NAV_LINKS.map((l) => (
            <Link
              key={l.href}
              href={l.href}
              data-testid={`nav-${l.label.toLowerCase()}`}
              aria-current={path === l.href ? "page" : undefined}
              className={`rounded px-2 py-1 ${path === l.href ? "bg-white/10 text-gray-100" : "text-gray-400 hover:bg-white/5"}`}
            >
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <StatusStrip />
          <ConnectionBadge />
          <LogoutButton />
        </div>
      </div>
      <ConnectionBanner />
    </header>
  );
}
