// The owner's password hash, sessions, API tokens and the access audit: Prisma reads and writes.
// Written at once (not through the engine's write-behind store): a login is answered only once its
// session is stored, and a revocation only once it is gone.
import type { PrismaClient } from "../../../src/generated/prisma/client";
import { toStorableText } from "../../boundary/storable-text";

export interface StoredSession {
  readonly idHash: string;
  readonly expiresAt: number;
}

export interface StoredToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export interface AccessEvent {
  readonly at: number;
  readonly kind: string;
  readonly principal: string | null;
  readonly address: string | null;
  readonly detail: string | null;
}

export function accessRecords(prisma: PrismaClient) {
  return {
    async passwordHash(): Promise<string | null> {
      return (await prisma.authOwner.findUnique({ where: { id: 1 } }))?.passwordHash ?? null;
    },
    async setPasswordHash(hash: string, at: number): Promise<void> {
      await prisma.authOwner.upsert({
        where: { id: 1 },
        create: { id: 1, passwordHash: hash, updatedAt: new Date(at) },
        update: { passwordHash: hash, updatedAt: new Date(at) },
      });
    },
    async createSession(idHash: string, at: number, expiresAt: number, address: string | null): Promise<void> {
      await prisma.authSession.create({
        data: { idHash, createdAt: new Date(at), expiresAt: new Date(expiresAt), lastSeenAt: new Date(at), address },
      });
    },
    async findSession(idHash: string, now: number): Promise<StoredSession | null> {
      const s = await prisma.authSession.findUnique({ where: { idHash } });
      return s === null || s.expiresAt.getTime() <= now ? null : { idHash, expiresAt: s.expiresAt.getTime() };
    },
    async extendSession(idHash: string, at: number, expiresAt: number): Promise<void> {
      await prisma.authSession.updateMany({
        where: { idHash },
        data: { lastSeenAt: new Date(at), expiresAt: new Date(expiresAt) },
      });
    },
    async deleteSession(idHash: string): Promise<void> {
      await prisma.authSession.deleteMany({ where: { idHash } });
    },
    /** Every session but `keep` (a password change logs the others out). */
    async deleteSessionsExcept(keep: string | null): Promise<void> {
      await prisma.authSession.deleteMany({ where: keep === null ? {} : { idHash: { not: keep } } });
    },
    async createToken(id: string, name: string, tokenHash: string, at: number): Promise<void> {
      await prisma.apiToken.create({ data: { id, name, tokenHash, createdAt: new Date(at) } });
    },
    async findToken(tokenHash: string): Promise<StoredToken | null> {
      const t = await prisma.apiToken.findUnique({ where: { tokenHash } });
      return t === null ? null : tokenFromRow(t);
    },
    async listTokens(): Promise<StoredToken[]> {
      return (await prisma.apiToken.findMany({ orderBy: { createdAt: "asc" } })).map(tokenFromRow);
    },
    async revokeToken(id: string, at: number): Promise<boolean> {
      const r = await prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(at) } });
      return r.count > 0;
    },
    async touchToken(id: string, at: number): Promise<void> {
      await prisma.apiToken.update({ where: { id }, data: { lastUsedAt: new Date(at) } });
    },
    async recordAccess(e: AccessEvent): Promise<void> {
      await prisma.accessEvent.create({
        data: {
          at: new Date(e.at),
          kind: e.kind,
          principal: e.principal === null ? null : toStorableText(e.principal),
          address: e.address === null ? null : toStorableText(e.address),
          detail: e.detail === null ? null : toStorableText(e.detail.slice(0, 500)),
        },
      });
    },
    async recentAccess(limit: number): Promise<(AccessEvent & { readonly id: number })[]> {
      const rows = await prisma.accessEvent.findMany({ orderBy: { id: "desc" }, take: limit });
      return rows.map((r) => ({
        id: r.id,
        at: r.at.getTime(),
        kind: r.kind,
        principal: r.principal,
        address: r.address,
        detail: r.detail,
      }));
    },
  };
}

export type AccessRecords = ReturnType<typeof accessRecords>;

function tokenFromRow(t: {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): StoredToken {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.getTime(),
    lastUsedAt: t.lastUsedAt?.getTime() ?? null,
    revokedAt: t.revokedAt?.getTime() ?? null,
  };
}
