"use client";

import { useQuery } from "@tanstack/react-query";
import { logOut } from "@/lib/access-status";
import { useTRPC } from "@/trpc/client";

/** Shown to a logged-in owner: ends the session and goes back to the login. */
export function LogoutButton() {
  const trpc = useTRPC();
  const status = useQuery(trpc.access.status.queryOptions()).data;
  if (status?.principal?.kind !== "session") return null;
  return (
    <button
      type="button"
      data-testid="logout"
      onClick={() => logOut().then(() => window.location.reload())}
      className="rounded border border-gray-600 px-2 py-0.5 text-xs text-gray-300 hover:bg-white/5"
    >
      Log out
    </button>
  );
}
