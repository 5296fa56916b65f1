/** Guards for numbers that money depends on: a NaN or a negative quantity must fail loudly, never propagate. */

export function requireFinite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

export function requirePositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  return value;
}

/**
 * Relative tolerance under which a quantity left over by subtraction counts as zero. Without it, closing
 * 0.3 of a 0.1 + 0.2 position would leave a 5e-17 "position" behind.
 */
export const QTY_EPSILON = 1e-9;
