import type { AccessEvent, AccessRecords, StoredToken } from "../db/access-records";

/** AccessRecords in process memory, for tests: the same rules as the database tables. */
export function memoryAccessRecords(): AccessRecords & { readonly events: AccessEvent[] } {
  let passwordHash: string | null = null;
  const sessions = new Map<string, { expiresAt: number }>();
  const tokens = new Map<string, StoredToken & { tokenHash: string }>();
  const events: AccessEvent[] = [];
  return {
    events,
    passwordHash: async () => passwordHash,
    setPasswordHash: async (hash) => {
      passwordHash = hash;
    },
    createSession: async (idHash, _at, expiresAt) => {
      sessions.set(idHash, { expiresAt });
    },
    findSession: async (idHash, now) => {
      const s = sessions.get(idHash);
      return s === undefined || s.expiresAt <= now ? null : { idHash, expiresAt: s.expiresAt };
    },
    extendSession: async (idHash, _at, expiresAt) => {
      if (sessions.has(idHash)) sessions.set(idHash, { expiresAt });
    },
    deleteSession: async (idHash) => {
      sessions.delete(idHash);
    },
    deleteSessionsExcept: async (keep) => {
      for (const key of [...sessions.keys()]) if (key !== keep) sessions.delete(key);
    },
    createToken: async (id, name, tokenHash, at) => {
      tokens.set(id, { id, name, tokenHash, createdAt: at, lastUsedAt: null, revokedAt: null });
    },
    findToken: async (tokenHash) => {
      const t = [...tokens.values()].find((x) => x.tokenHash === tokenHash);
      return t === undefined
        ? null
        : { id: t.id, name: t.name, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt };
    },
    listTokens: async () => [...tokens.values()].map(({ tokenHash: _h, ...t }) => t),
    revokeToken: async (id, at) => {
      const t = tokens.get(id);
      if (t === undefined || t.revokedAt !== null) return false;
      tokens.set(id, { ...t, revokedAt: at });
      return true;
    },
    touchToken: async (id, at) => {
      const t = tokens.get(id);
      if (t !== undefined) tokens.set(id, { ...t, lastUsedAt: at });
    },
    recordAccess: async (e) => {
      events.push(e);
    },
    recentAccess: async (limit) =>
      events
        .map((e, i) => ({ ...e, id: i + 1 }))
        .slice(-limit)
        .reverse(),
  };
}
