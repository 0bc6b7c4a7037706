// HTML and SVG built as elements, not pasted together as strings: every text and attribute value
// is escaped here and nowhere else, so a station id or an error code cannot break the page.

export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = Markup | string | number | null | undefined | false | readonly Child[];
export type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

export function el(tag: string, attributes: Attributes = {}, ...children: Child[]): Markup {
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${escapeText(String(value))}"`;
  }
  return new Markup(`${open}>${children.map(render).join('')}</${tag}>`);
}

/** Text that is already markup: the doctype, the style sheet. */
export const trusted = (html: string): Markup => new Markup(html);

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(child: Child): string {
  if (child === null || child === undefined || child === false) return '';
  if (child instanceof Markup) return child.html;
  if (Array.isArray(child)) return child.map(render).join('');
  return escapeText(String(child));
}
