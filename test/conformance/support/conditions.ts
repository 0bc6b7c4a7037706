// Evaluates a Part 5 test-case condition ("C-49 and (C-30 or C-31 or C-32)", "NOT AQ-2",
// "HFS-8 > 1", "C-30 - C-35 or ISO 15118 support", 'NOT Product Subtype "Mode 1/2-only ..."')
// against a vendor declaration. A condition it cannot read throws.

export interface VendorDeclaration {
  product: { subtypes: string[] };
  profiles: string[];
  features: Record<string, boolean>;
  questions: Record<string, boolean>;
  hardware: Record<string, boolean | number | string>;
}

const PROFILE_NAMES: [RegExp, string][] = [
  [/Local Authorization List Management/gi, 'Local Authorization List Management'],
  [/ISO ?15118 support/gi, 'ISO 15118 Support'],
  [/Smart Charging/gi, 'Smart Charging'],
];

export function conditionHolds(condition: string, d: VendorDeclaration): boolean {
  const atoms: (() => boolean | number)[] = [];
  const atom = (f: () => boolean | number): string => `@${atoms.push(f) - 1}`;
  let text = condition.replace(/&gt;/g, '>').replace(/&lt;/g, '<');
  const cs = /(?:Charging Station|For CS):(.*)$/i.exec(text);
  if (cs) text = cs[1]!;
  text = text
    .replace(/(\d)(and|or)\b/gi, '$1 $2')
    .replace(/\bC(\d\d)\b/g, 'C-$1')
    .replace(/\bC\.(\d\d(?:\.\d)?)\b/g, 'C-$1')
    .replace(/Product Subtype\s+"([^"]*)"/gi, (_, s: string) => atom(() => d.product.subtypes.includes(s)));
  for (const [re, name] of PROFILE_NAMES) text = text.replace(re, () => atom(() => d.profiles.includes(name)));
  text = text.replace(/C-(\d\d)\s*-\s*(?:\(or\)\s*)?C-(\d\d)/g, (_, a: string, b: string) => {
    const ids: string[] = [];
    for (let i = Number(a); i <= Number(b); i++) ids.push(`C-${String(i).padStart(2, '0')}`);
    return `(${ids.join(' or ')})`;
  });
  const tokens = text.match(/@\d+|\(|\)|>|\d+|[A-Z]+-\d+(?:\.\d+)?|\band\b|\bor\b|\bnot\b/gi) ?? [];
  const rest = text.replace(/@\d+|\(|\)|>|\d+|[A-Z]+-\d+(?:\.\d+)?|\band\b|\bor\b|\bnot\b|\s/gi, '');
  if (rest !== '') throw new Error(`cannot read condition "${condition}" (left: ${rest})`);
  let i = 0;
  const peek = (): string | undefined => tokens[i]?.toLowerCase();
  const value = (id: string): boolean | number => {
    const all = { ...d.features, ...d.questions, ...d.hardware } as Record<string, unknown>;
    if (id in all) {
      const v = all[id];
      return typeof v === 'number' ? v : Boolean(v);
    }
    const subs = Object.keys(d.features).filter((k) => k.startsWith(`${id}.`));
    if (subs.length > 0) return subs.some((k) => d.features[k]);
    throw new Error(`condition "${condition}": ${id} is not declared`);
  };
  const primary = (): boolean | number => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`condition "${condition}" ends early`);
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') throw new Error(`condition "${condition}": missing )`);
      return v;
    }
    if (t.toLowerCase() === 'not') return !truthy(primary());
    if (t.startsWith('@')) return atoms[Number(t.slice(1))]!();
    if (/^\d+$/.test(t)) return Number(t);
    const v = value(t.toUpperCase());
    if (peek() === '>') {
      i++;
      return Number(v) > Number(primary());
    }
    return v;
  };
  const truthy = (v: boolean | number): boolean => (typeof v === 'number' ? v > 0 : v);
  const and = (): boolean => {
    let v = truthy(primary());
    while (peek() === 'and') {
      i++;
      v = truthy(primary()) && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (peek() === 'or') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const result = or();
  if (i !== tokens.length) throw new Error(`condition "${condition}": unexpected ${tokens[i]}`);
  return result;
}
