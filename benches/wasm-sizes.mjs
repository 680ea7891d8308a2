// `make wasm-sizes`: where the wasm's bytes go, by crate and by the app's own modules.
//
//   node benches/wasm-sizes.mjs NAMED.wasm [SHIPPED.wasm]
//
// NAMED is the release wasm built with its function names kept (the Makefile's `wasm-sizes`
// builds it: no strip, then wasm-bindgen and wasm-opt as Trunk runs them, plus `-g`); SHIPPED,
// the one in dist/, is only compared with it. Every function body of the code section is given to
// the crate its name starts with (`core::ptr::drop_in_place<T>` to T's crate; the app's and the
// core's functions to their modules); code inlined into a function counts where it was inlined.
// "gzipped" is an estimate, as gzip has no per-function sizes: each group's bodies are gzipped on
// their own, and those sizes scaled so that they add up to the code section gzipped whole.

import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const [named, shipped] = process.argv.slice(2);
if (!named) {
  console.error("usage: node benches/wasm-sizes.mjs NAMED.wasm [SHIPPED.wasm]");
  process.exit(2);
}
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** A reader of the wasm binary format: LEB128 numbers, names, sections. */
class Reader {
  constructor(bytes, at = 0, end = bytes.length) {
    Object.assign(this, { bytes, at, end });
  }
  u32() {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.bytes[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  }
  name() {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }
}

/** The module's sections, its function bodies (by function index) and their names. */
function parse(bytes) {
  const module = new Reader(bytes, 8);
  const sections = [];
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (module.at < module.end) {
    const id = module.bytes[module.at++];
    const size = module.u32();
    const start = module.at;
    const section = new Reader(bytes, start, start + size);
    let label = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"][id] ?? `section ${id}`;
    if (id === 0) label = `custom "${section.name()}"`;
    sections.push({ label, size });
    if (id === 2) {
      for (let n = section.u32(); n > 0; n--) {
        section.name();
        section.name();
        const kind = bytes[section.at++];
        if (kind === 0) section.u32(), imported++;
        else if (kind === 1) section.at++, limits(section); // table: type, limits
        else if (kind === 2) limits(section);
        else section.at += 2; // global: type, mutability
      }
    } else if (id === 10) {
      for (let n = section.u32(); n > 0; n--) {
        const length = section.u32();
        bodies.push(bytes.subarray(section.at, section.at + length));
        section.at += length;
      }
    } else if (label === 'custom "name"') {
      while (section.at < section.end) {
        const kind = bytes[section.at++];
        const length = section.u32();
        const next = section.at + length;
        if (kind === 1) for (let n = section.u32(); n > 0; n--) names.set(section.u32(), section.name());
        section.at = next;
      }
    }
    module.at = start + size;
  }
  return { sections, functions: bodies.map((body, i) => ({ body, name: names.get(imported + i) ?? "" })) };
}

function limits(reader) {
  const flags = reader.bytes[reader.at++];
  reader.u32();
  if (flags & 1) reader.u32();
}

/** The legacy-mangled `_ZN…E` form, spelled as the demangled one (enough to find the crate). */
function demangle(name) {
  if (!name.startsWith("_ZN")) return name;
  const reader = { at: 3 };
  const parts = [];
  while (reader.at < name.length && name[reader.at] !== "E") {
    const digits = /^\d+/.exec(name.slice(reader.at))[0];
    reader.at += digits.length;
    parts.push(name.slice(reader.at, reader.at + Number(digits)));
    reader.at += Number(digits);
  }
  return parts
    .join("::")
    .replace(/\$LT\$/g, "<")
    .replace(/\$GT\$/g, ">")
    .replace(/\$u20\$/g, " ")
    .replace(/\$RF\$/g, "&")
    .replace(/\.\./g, "::")
    .replace(/^_</, "<");
}

const STD = new Set(["core", "alloc", "std"]);
const OWN = { ecei_atlas: "app", atlas_core: "atlas-core" };

/** The group a function belongs to: its crate, or for the app and the core, their module. */
function group(rawName) {
  let name = demangle(rawName);
  const dropped = /^core::ptr::drop_in_place<(.*)>(::h[0-9a-f]+)?$/.exec(name);
  if (dropped) name = dropped[1];
  name = name.replace(/^(<|&|mut |dyn |\[|\()+/, "").replace(/\[[0-9a-f]+\]/g, "");
  // `<T as tachys::…>` and `<str as core::…>`: a type without a path is the trait's crate's.
  const blanket = /^([A-Za-z_0-9]+) as ([a-z_0-9]+)::/.exec(name);
  if (blanket) name = `${blanket[2]}::${name.slice(blanket[0].length)}`;
  const path = name.split("::");
  if (path.length < 2) return "(no crate: runtime, wasm-bindgen glue, libc)";
  const crate = path[0];
  if (STD.has(crate)) return "std (core, alloc)";
  if (OWN[crate]) {
    const isModule = /^[a-z_0-9]+$/.test(path[1]) && !path[1].startsWith("__") && path.length > 2;
    const module = isModule ? path[1] : "(crate root)";
    return `${OWN[crate]}::${module}`;
  }
  return crate;
}

const bytes = readFileSync(named);
const { sections, functions } = parse(bytes);
const groups = new Map();
for (const f of functions) {
  const key = group(f.name);
  const g = groups.get(key) ?? { raw: 0, bodies: [] };
  g.raw += f.body.length;
  g.bodies.push(f.body);
  groups.set(key, g);
}
const codeRaw = functions.reduce((sum, f) => sum + f.body.length, 0);
const codeGz = gz(Buffer.concat(functions.map((f) => f.body)));
let alone = 0;
for (const g of groups.values()) alone += g.gzAlone = gz(Buffer.concat(g.bodies));

const kb = (n) => (n / 1000).toFixed(1).padStart(7);
const rows = [...groups].sort((a, b) => b[1].gzAlone - a[1].gzAlone);
console.log(`wasm sizes of ${named}: ${functions.length} functions, code ${kb(codeRaw)} KB raw, ${kb(codeGz)} KB gzipped`);
console.log(`\n${"group".padEnd(46)} ${"raw KB".padStart(7)} ${"gz KB".padStart(7)}  share`);
const print = (label, raw, gzipped) =>
  console.log(`${label.padEnd(46)} ${kb(raw)} ${kb(gzipped)}  ${((100 * gzipped) / codeGz).toFixed(1).padStart(5)}%`);
for (const [key, g] of rows) print(key, g.raw, (g.gzAlone * codeGz) / alone);
const sum = (prefix) => rows.filter(([k]) => k.startsWith(prefix)).reduce((s, [, g]) => s + (g.gzAlone * codeGz) / alone, 0);
console.log(`\nthe app's own modules together: ${kb(sum("app::"))} KB gz; atlas-core's: ${kb(sum("atlas-core::"))} KB gz`);

console.log(`\nsections (raw KB):`);
for (const s of sections) console.log(`  ${s.label.padEnd(28)} ${kb(s.size)}`);
const whole = gz(bytes);
console.log(`\nthis wasm gzipped whole: ${kb(whole)} KB (names included)`);
if (shipped) console.log(`the shipped wasm gzipped: ${kb(gz(readFileSync(shipped)))} KB (no names)`);
