import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// `npm run lint` checks the layers with dependency-cruiser (.dependency-cruiser.cjs). These probes
// are forbidden imports, written for the test and removed after it: each must fail the check.
const probes: string[] = [];

function probe(path: string, source: string): string {
  mkdirSync(join(process.cwd(), path, ".."), { recursive: true });
  writeFileSync(join(process.cwd(), path), source);
  probes.push(path);
  return path;
}

function cruise(...paths: string[]): { status: number | null; out: string } {
  const r = spawnSync("npx", ["--no-install", "depcruise", ...paths, "--config", ".dependency-cruiser.cjs"], {
    encoding: "utf8",
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

afterEach(() => {
  for (const p of probes.splice(0)) rmSync(join(process.cwd(), p), { force: true });
});

describe("the layering rules", () => {
  it("fail when the engine imports an adapter or a framework", () => {
    const path = probe(
      "server/engine/zz-layering-probe.ts",
      'import { openDatabase } from "../adapters/db/open-database";\nimport { NextResponse } from "next/server";\nexport const x = [openDatabase, NextResponse];\n',
    );
    const r = cruise(path);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("engine-imports-nothing-outer");
  });

  it("fail when a component imports the engine or an adapter", () => {
    const path = probe(
      "src/components/zz-layering-probe.tsx",
      'import { Engine } from "../../server/engine/engine";\nexport const x = Engine;\n',
    );
    const r = cruise(path);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/next-side-sees-only-the-seam|ui-never-reaches-the-process/);
  });

  it("fail when the Next side walks past the gateway, but allow its types", () => {
    const bad = cruise(
      probe(
        "src/server/zz-layering-probe.ts",
        'import { createGateway } from "../../server/gateway/create-gateway";\nexport const x = createGateway;\n',
      ),
    );
    expect(bad.status).not.toBe(0);
    expect(bad.out).toContain("next-side-sees-only-the-seam");
    const ok = cruise(
      probe(
        "src/server/zz-layering-probe-ok.ts",
        'import type { HeanRuntime } from "../../server/runtime";\nexport type X = HeanRuntime;\n',
      ),
    );
    expect(ok.status, ok.out).toBe(0);
  });

  it("pass on the code as it is", () => {
    const r = cruise("src", "server");
    expect(r.status, r.out).toBe(0);
  }, 60_000);
});
