/** The one error the transfer calculators and the simulator throw for input they refuse. */
export class TransferInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransferInputError";
  }
}

/** Throws unless `v` is an integer in [min, max]. */
export function checkInt(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new TransferInputError(`${name} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
}

/** Throws unless `v` is a finite number in [min, max]. */
export function checkNumber(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
    throw new TransferInputError(`${name} must be a number from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
}
