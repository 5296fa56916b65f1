// The layers, checked by `npm run lint` (README, "How the code is laid out"):
//   server/engine            the trading engine: pure TypeScript, imports nothing outer
//   server/engine/model      its vocabulary, which every layer may read
//   server/boundary          the rules every entry point applies (text, symbols)
//   server/adapters, config  ports' implementations, settings
//   server/gateway           the seam: views, commands, topics; its contract is all the Next side sees
//   server/bootstrap, main   the process: composition
//   src                      the Next app: routes, tRPC routers, UI
// Tests and test support may cross layers; everything else may not.
const TESTS = "(\\.test\\.tsx?$|/testing/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No module imports itself through others (type-only imports are erased and do not count).",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "engine-imports-nothing-outer",
      comment: "The engine runs the same in live, replay and tests: no framework, database, transport or outer layer.",
      severity: "error",
      from: { path: "^server/engine/", pathNot: TESTS },
      to: {
        path: "^(src/|server/(?!engine/))|node_modules/(next|react|react-dom|@trpc|@prisma|pg|ws|@electric-sql|pglite-prisma-adapter|pino)/",
      },
    },
    {
      name: "next-side-sees-only-the-seam",
      comment:
        "Next's bundle holds its own copy of every module: it reaches the engine through the gateway's contract only (types), plus the pure rules and vocabulary.",
      severity: "error",
      from: { path: "^src/", pathNot: `${TESTS}|^src/generated/` },
      to: {
        path: "^server/",
        pathNot: "^server/(gateway/(contract|registry)\\.ts|boundary/|engine/model/)",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "ui-never-reaches-the-process",
      comment: "Pages, components and browser code import no server module at all, types aside.",
      severity: "error",
      from: { path: "^src/(app|components|lib|trpc)/", pathNot: `${TESTS}|^src/app/.*/route\\.ts$` },
      to: {
        path: "^(server/(?!engine/model/|boundary/)|src/server/(?!api/root\\.ts))",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "only-bootstrap-reaches-into-src",
      comment: "The process mounts the tRPC router; nothing else on the server side imports the Next app.",
      severity: "error",
      from: { path: "^server/", pathNot: `${TESTS}|^server/bootstrap/` },
      to: { path: "^src/(?!generated/)" },
    },
    {
      name: "prisma-stays-in-the-adapters",
      comment: "Only the database adapters use Prisma; others may name its types.",
      severity: "error",
      from: { path: "^(server|src)/", pathNot: `${TESTS}|^server/adapters/db/|^src/generated/` },
      to: { path: "(^src/generated/|node_modules/@prisma/)", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "adapters-below-the-gateway",
      comment: "Adapters implement the engine's ports; they know nothing of the gateway, transports or the process.",
      severity: "error",
      from: { path: "^server/adapters/", pathNot: TESTS },
      to: { path: "^server/(gateway|transport|bootstrap|main)" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(src/generated/|\\.next/|node_modules/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
