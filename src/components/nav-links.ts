/** The dashboard's pages, in the order of the top bar; the layout needs nothing else. */
export const NAV_LINKS = [
  { href: "/", label: "Overview" },
  { href: "/chart", label: "Chart" },
  { href: "/symbols", label: "Symbols" },
  { href: "/decisions", label: "Decisions" },
  { href: "/trades", label: "Trades" },
  { href: "/ai", label: "AI" },
  { href: "/research", label: "Research" },
  { href: "/access", label: "Access" },
] as const;
