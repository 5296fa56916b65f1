// Prisma's own schema parser, offline: the WebAssembly module that ships inside the `prisma` CLI
// package (prisma_schema_build_bg.wasm). We call its get_dmmf export directly, with a minimal
// wasm-bindgen host of our own, so tests compare the database against Prisma's reading of
// schema.prisma rather than a hand-kept copy.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface DmmfField {
  readonly name: string;
  readonly dbName?: string | null;
  readonly kind: "scalar" | "object" | "enum" | "unsupported";
  readonly type: string;
  readonly isList: boolean;
  readonly isRequired: boolean;
  readonly isId: boolean;
  readonly isUnique: boolean;
  readonly nativeType?: readonly [string, readonly string[]] | null;
  readonly default?: { readonly name: string; readonly args: readonly unknown[] } | string | number | boolean;
}

export interface DmmfModel {
  readonly name: string;
  readonly dbName: string | null;
  readonly schema: string | null;
  readonly fields: readonly DmmfField[];
}

export interface DmmfIndex {
  readonly model: string;
  readonly type: "id" | "normal" | "unique" | "fulltext";
  readonly dbName?: string | null;
  readonly algorithm?: string | null;
  readonly fields: readonly { readonly name: string; readonly sortOrder?: "asc" | "desc" | null }[];
}

export interface DmmfDatamodel {
  readonly models: readonly DmmfModel[];
  readonly enums: readonly { readonly name: string; readonly dbName?: string | null }[];
  readonly indexes: readonly DmmfIndex[];
}

type Exports = {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  __wbindgen_start(): void;
  get_dmmf(ptr: number, len: number): [number, number, number, number];
};

let instance: Exports | undefined;

function load(): Exports {
  if (instance) return instance;
  const prismaDir = dirname(createRequire(import.meta.url).resolve("prisma/package.json"));
  const module = new WebAssembly.Module(readFileSync(join(prismaDir, "build", "prisma_schema_build_bg.wasm")));
  let exports: Exports | undefined;
  const text = (ptr: number, len: number) =>
    new TextDecoder().decode(new Uint8Array((exports as Exports).memory.buffer, ptr >>> 0, len));
  // wasm-bindgen suffixes import names with a hash that changes between Prisma versions.
  const host: Record<string, (...args: number[]) => unknown> = {
    __wbg_set_message_: () => undefined,
    __wbg_Error_: (ptr, len) => new Error(text(ptr ?? 0, len ?? 0)),
    __wbg___wbindgen_throw_: (ptr, len) => {
      throw new Error(text(ptr ?? 0, len ?? 0));
    },
    __wbindgen_init_externref_table: () => {
      const table = (exports as Exports).__wbindgen_externrefs;
      const base = table.grow(4);
      table.set(0, undefined);
      table.set(base, undefined);
      table.set(base + 1, null);
      table.set(base + 2, true);
      table.set(base + 3, false);
    },
  };
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const wanted of WebAssembly.Module.imports(module)) {
    const prefix = Object.keys(host).find((p) => wanted.name.startsWith(p));
    if (prefix === undefined) throw new Error(`Prisma schema wasm needs an unknown import ${wanted.name}`);
    imports[wanted.module] ??= {};
    (imports[wanted.module] as Record<string, unknown>)[wanted.name] = host[prefix];
  }
  exports = new WebAssembly.Instance(module, imports).exports as unknown as Exports;
  exports.__wbindgen_start();
  instance = exports;
  return exports;
}

/** Prisma's DMMF data model of a schema file. */
export function readDmmf(schemaPath: string): DmmfDatamodel {
  const wasm = load();
  const input = new TextEncoder().encode(
    JSON.stringify({ prismaSchema: [[schemaPath, readFileSync(schemaPath, "utf8")]], noColor: true }),
  );
  const ptr = wasm.__wbindgen_malloc(input.length, 1);
  new Uint8Array(wasm.memory.buffer).set(input, ptr);
  const [outPtr, outLen, errIndex, isErr] = wasm.get_dmmf(ptr, input.length);
  if (isErr) {
    const error = wasm.__wbindgen_externrefs.get(errIndex);
    wasm.__externref_table_dealloc(errIndex);
    throw error instanceof Error ? error : new Error(String(error));
  }
  const json = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, outPtr, outLen));
  wasm.__wbindgen_free(outPtr, outLen, 1);
  return (JSON.parse(json) as { datamodel: DmmfDatamodel }).datamodel;
}
