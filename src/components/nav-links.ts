/**
 * The dashboard's pages, in the order of the top bar. The AI factory's pages (agents, experiments,
 * changelog) join this list when their backend lands; the layout needs nothing else.
 */
export const NAV_LINKS = [
  { href: "/", label: "Overview" },
  { href: "/chart", label: "Chart" },
  { href: "/symbols", label: "Symbols" },
  { href: "/decisions", label: "Decisions" },
  { href: "/access", label: "Access" },
] as const;
