/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server (server/main.ts) owns the engine, the database and the WebSockets; these
  // packages are only ever reached at run time through the gateway, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "ws", "pino"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
