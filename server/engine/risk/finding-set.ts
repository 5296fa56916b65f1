import type { RiskCode } from "../model/risk";

/**
 * Findings by (code, symbol), looked up without building a key string: the governor asks once per
 * rule and symbol every evaluation, and the codes and symbols are the same string objects each time.
 */
export class FindingSet<F extends { readonly code: RiskCode; readonly symbol: string | null }> {
  private readonly byCode = new Map<RiskCode, Map<string | null, F>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(code: RiskCode, symbol: string | null): F | undefined {
    return this.byCode.get(code)?.get(symbol);
  }

  has(code: RiskCode, symbol: string | null): boolean {
    return this.get(code, symbol) !== undefined;
  }

  set(finding: F): void {
    let bySymbol = this.byCode.get(finding.code);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      this.byCode.set(finding.code, bySymbol);
    }
    if (!bySymbol.has(finding.symbol)) this.count++;
    bySymbol.set(finding.symbol, finding);
  }

  delete(code: RiskCode, symbol: string | null): void {
    if (this.byCode.get(code)?.delete(symbol) === true) this.count--;
  }

  clear(): void {
    this.byCode.clear();
    this.count = 0;
  }

  values(): F[] {
    const out: F[] = [];
    for (const bySymbol of this.byCode.values()) for (const f of bySymbol.values()) out.push(f);
    return out;
  }
}
