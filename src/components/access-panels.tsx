"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { showToast } from "@/lib/toast";
import { useTRPC } from "@/trpc/client";
import { EmptyRow } from "./empty-row";
import { When } from "./when";

const input = "w-full rounded border border-gray-600 bg-page px-2 py-1 text-sm text-gray-100";
const button =
  "rounded border border-sky-500/50 px-3 py-1 text-sm text-sky-200 hover:bg-sky-500/10 disabled:opacity-40";

/** Sets the first password (on loopback, unprotected), or changes it with the current one. */
export function PasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.access.status.queryOptions()).data;
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const change = useMutation(
    trpc.access.setPassword.mutationOptions({
      onSuccess: () => {
        showToast({ kind: "success", title: "Password saved", description: "Other sessions were logged out." });
        setCurrent("");
        setPassword("");
        setAgain("");
        void queryClient.invalidateQueries();
        // The first password turns protection on: the page must log in from now on.
        if (status?.configured === false) window.location.reload();
      },
      onError: (e) => showToast({ kind: "error", title: "Password not saved", description: e.message }),
    }),
  );
  const mismatch = again !== "" && again !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    change.mutate({ password, ...(current === "" ? {} : { current }) });
  };
  if (status === undefined) return <p className="text-sm text-gray-500">…</p>;
  return (
    <form onSubmit={submit} className="space-y-2 text-sm" data-testid="password-form">
      <p className="text-gray-400">
        {status.configured
          ? "A password is set: controls need a login or an API token."
          : "No password is set: anyone on this machine can control HEAN. Set one (12 characters or more)."}
      </p>
      {status.configured && (
        <input
          type="password"
          aria-label="Current password"
          placeholder="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          className={input}
        />
      )}
      <input
        type="password"
        aria-label="New password"
        data-testid="new-password"
        placeholder="New password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        className={input}
      />
      <input
        type="password"
        aria-label="New password again"
        data-testid="new-password-again"
        placeholder="New password again"
        autoComplete="new-password"
        value={again}
        onChange={(e) => setAgain(e.target.value)}
        className={input}
      />
      {mismatch && <p className="text-amber-300">The two passwords differ.</p>}
      <button
        type="submit"
        data-testid="save-password"
        disabled={password === "" || mismatch || change.isPending}
        className={button}
      >
        {status.configured ? "Change password" : "Set password"}
      </button>
    </form>
  );
}

/** API tokens for scripts: create (the secret is shown once), see when each was last used, revoke. */
export function TokensPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.access.tokens.queryOptions());
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ id: string; token: string } | null>(null);
  // The access log records every token change too.
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.access.tokens.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.access.events.queryKey() }),
    ]);
  const create = useMutation(
    trpc.access.createToken.mutationOptions({
      onSuccess: (t) => {
        setCreated(t);
        setName("");
        void refresh();
      },
      onError: (e) => showToast({ kind: "error", title: "Token not created", description: e.message }),
    }),
  );
  const revoke = useMutation(
    trpc.access.revokeToken.mutationOptions({
      onSuccess: () => void refresh(),
      onError: (e) => showToast({ kind: "error", title: "Token not revoked", description: e.message }),
    }),
  );
  return (
    <div className="space-y-3 text-sm">
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name });
        }}
      >
        <input
          aria-label="Token name"
          data-testid="token-name"
          placeholder="What uses it, e.g. backup-script"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={input}
        />
        <button
          type="submit"
          data-testid="create-token"
          disabled={name.trim() === "" || create.isPending}
          className={button}
        >
          Create
        </button>
      </form>
      {created !== null && (
        <div role="status" data-testid="new-token" className="rounded border border-amber-500/40 bg-amber-500/10 p-2">
          <p className="text-amber-200">Copy it now: it is not shown again.</p>
          <code className="break-all font-mono text-xs">{created.token}</code>
          <p className="text-xs text-gray-400">Send it as: Authorization: Bearer &lt;token&gt;</p>
        </div>
      )}
      {tokens.error !== null && <p className="text-red-300">{tokens.error.message}</p>}
      <table className="w-full text-xs">
        <thead>
          <tr className="text-left text-gray-500">
            {["Name", "Id", "Created", "Last used", ""].map((h) => (
              <th key={h} className="px-1 py-1 font-normal">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody data-testid="tokens">
          {(tokens.data ?? []).map((t) => (
            <tr key={t.id} className={`border-t border-panel-border ${t.revoked_at !== null ? "text-gray-500" : ""}`}>
              <td className="px-1 py-1">{t.name}</td>
              <td className="px-1 py-1 font-mono">{t.id}</td>
              <td className="px-1 py-1">
                <When iso={t.created_at} />
              </td>
              <td className="px-1 py-1">{t.last_used_at === null ? "never" : <When iso={t.last_used_at} />}</td>
              <td className="px-1 py-1 text-right">
                {t.revoked_at !== null ? (
                  "revoked"
                ) : (
                  <button
                    type="button"
                    data-testid={`revoke-${t.id}`}
                    onClick={() => revoke.mutate({ id: t.id })}
                    className="text-red-300 hover:underline"
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
          {tokens.data?.length === 0 && <EmptyRow cols={5} text="No API token yet" />}
        </tbody>
      </table>
    </div>
  );
}

/** Logins, failed logins, token changes and use, and refusals, newest first. */
export function AccessEvents() {
  const trpc = useTRPC();
  const events = useQuery(trpc.access.events.queryOptions({ limit: 100 }));
  if (events.error !== null) return <p className="text-sm text-red-300">{events.error.message}</p>;
  return (
    <div className="max-h-80 overflow-auto">
      <table className="w-full text-xs">
        <thead>
          <tr className="text-left text-gray-500">
            {["Time", "Event", "Who", "From", "Detail"].map((h) => (
              <th key={h} className="sticky top-0 bg-panel px-1 py-1 font-normal">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody data-testid="access-events">
          {(events.data ?? []).map((e) => (
            <tr key={e.id} className="border-t border-panel-border">
              <td className="px-1 py-1">
                <When iso={e.at} />
              </td>
              <td className="px-1 py-1">{e.kind}</td>
              <td className="px-1 py-1">{e.principal ?? "—"}</td>
              <td className="px-1 py-1">{e.address ?? "—"}</td>
              <td className="px-1 py-1">{e.detail ?? ""}</td>
            </tr>
          ))}
          {events.data?.length === 0 && <EmptyRow cols={5} text="Nothing yet" />}
        </tbody>
      </table>
    </div>
  );
}
