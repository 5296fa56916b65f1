"use client";

import Link from "next/link";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { type AccessStatusAnswer, fetchAccessStatus, logIn } from "@/lib/access-status";

/**
 * Nothing of the dashboard runs (no live link opens) until access is known: the owner logs in
 * once a password is set; on loopback without one, the dashboard says it is unprotected.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AccessStatusAnswer | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    fetchAccessStatus().then(setStatus, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  }, []);
  if (failed !== null)
    return (
      <p className="p-8 text-center text-sm text-red-300">The server did not answer: {failed}. Reload to retry.</p>
    );
  if (status === null) return <p className="p-8 text-center text-sm text-gray-500">Connecting…</p>;
  if (status.configured && !status.authenticated) return <LoginScreen />;
  return (
    <>
      {status.unprotected && <UnprotectedBanner />}
      {children}
    </>
  );
}

function UnprotectedBanner() {
  return (
    <div
      role="alert"
      data-testid="unprotected"
      className="border-b border-red-500/30 bg-red-500/10 px-4 py-2 text-center text-sm text-red-200"
    >
      Unprotected: no owner password is set, so anyone on this machine can control HEAN.{" "}
      <Link href="/access" className="underline">
        Set a password
      </Link>{" "}
      before trading real money or listening beyond this machine.
    </div>
  );
}

function LoginScreen() {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const why = await logIn(password);
    setBusy(false);
    if (why === null) window.location.reload();
    else setError(why);
  };
  return (
    <form
      onSubmit={submit}
      className="mx-auto mt-24 max-w-sm space-y-3 rounded border border-panel-border bg-panel p-6"
    >
      <h1 className="text-lg font-semibold">HEAN — log in</h1>
      <label className="block text-sm text-gray-400">
        Owner password
        <input
          type="password"
          autoComplete="current-password"
          data-testid="login-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="mt-1 w-full rounded border border-gray-600 bg-page px-2 py-1 text-gray-100"
        />
      </label>
      {error !== null && (
        <p role="alert" data-testid="login-error" className="text-sm text-red-300">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || password === ""}
        data-testid="login-submit"
        className="w-full rounded bg-sky-600 px-3 py-1.5 text-sm font-medium disabled:opacity-50"
      >
        {busy ? "Checking…" : "Log in"}
      </button>
    </form>
  );
}
