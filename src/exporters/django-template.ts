/**
 * A small, safe renderer for the subset of Django's template language that attribution
 * templates use (ScanCode.io's own among them): `{{ var.path|filter:"arg" }}`, `{% if %}` /
 * `{% elif %}` / `{% else %}`, `{% for x in list %}` with `forloop` and `{% empty %}`,
 * `{% block %}`, `{% comment %}`, `{# #}` and `{% load %}`. Templates can come from a
 * scanned codebase, so nothing in them can call code: lookups read own data properties only.
 */

export class TemplateError extends Error {}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; expression: string }
  | { kind: 'for'; name: string; iterable: string; body: Node[]; empty: Node[] }
  | { kind: 'if'; branches: { condition: string; body: Node[] }[]; otherwise: Node[] };

type Context = Record<string, unknown>;

class SafeString {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const TOKEN = /({%[\s\S]*?%}|{{[\s\S]*?}}|{#[\s\S]*?#})/;

/** Render `template` with `context`; a template the subset cannot read throws TemplateError. */
export function renderDjangoTemplate(template: string, context: Context): string {
  const tokens = template.split(TOKEN);
  let position = 0;
  const parse = (until: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (position < tokens.length) {
      const token = tokens[position++] ?? '';
      if (token.startsWith('{#')) {
        continue;
      }
      if (token.startsWith('{{')) {
        nodes.push({ kind: 'var', expression: token.slice(2, -2).trim() });
        continue;
      }
      if (!token.startsWith('{%')) {
        if (token) {
          nodes.push({ kind: 'text', text: token });
        }
        continue;
      }
      const tag = token.slice(2, -2).trim();
      const [name = '', ...rest] = tag.split(/\s+/);
      if (until.includes(name)) {
        return { nodes, end: tag };
      }
      switch (name) {
        case 'block':
        case 'spaceless':
        case 'autoescape': {
          const inner = parse([`end${name}`]);
          nodes.push(...inner.nodes);
          break;
        }
        case 'comment':
          parse(['endcomment']);
          break;
        case 'load':
          break;
        case 'for': {
          const match = /^for\s+(\w+)\s+in\s+(.+)$/.exec(tag);
          if (!match?.[1] || !match[2]) {
            throw new TemplateError(`Invalid for tag: {% ${tag} %}`);
          }
          const body = parse(['empty', 'endfor']);
          const empty = body.end === 'empty' ? parse(['endfor']).nodes : [];
          nodes.push({ kind: 'for', name: match[1], iterable: match[2].trim(), body: body.nodes, empty });
          break;
        }
        case 'if': {
          const branches: { condition: string; body: Node[] }[] = [];
          let condition = rest.join(' ');
          let otherwise: Node[] = [];
          for (;;) {
            const part = parse(['elif', 'else', 'endif']);
            branches.push({ condition, body: part.nodes });
            if (part.end.startsWith('elif')) {
              condition = part.end.slice(4).trim();
              continue;
            }
            if (part.end === 'else') {
              otherwise = parse(['endif']).nodes;
            }
            break;
          }
          nodes.push({ kind: 'if', branches, otherwise });
          break;
        }
        default:
          throw new TemplateError(`Unsupported tag: {% ${tag} %}`);
      }
    }
    if (until.length > 0) {
      throw new TemplateError(`Missing {% ${until.at(-1)} %}`);
    }
    return { nodes, end: '' };
  };
  return renderNodes(parse([]).nodes, [context]);
}

function renderNodes(nodes: Node[], scopes: Context[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'var': {
        const value = evaluate(node.expression, scopes);
        out += value instanceof SafeString ? value.value : escapeHtml(display(value));
        break;
      }
      case 'for': {
        const items = evaluate(node.iterable, scopes);
        const list = Array.isArray(items) ? items : [];
        if (list.length === 0) {
          out += renderNodes(node.empty, scopes);
        }
        list.forEach((item: unknown, index) => {
          const forloop = { counter: index + 1, counter0: index, first: index === 0, last: index === list.length - 1, revcounter: list.length - index };
          out += renderNodes(node.body, [...scopes, { [node.name]: item, forloop }]);
        });
        break;
      }
      case 'if': {
        const branch = node.branches.find((b) => isTrue(condition(b.condition, scopes)));
        out += renderNodes(branch ? branch.body : node.otherwise, scopes);
        break;
      }
    }
  }
  return out;
}

/** `a or b`, `a and b`, `not a`, `a == b`, `a != b`, `a in b`, or a plain expression. */
function condition(text: string, scopes: Context[]): unknown {
  const or = splitWords(text, 'or');
  if (or.length > 1) {
    return or.some((part) => isTrue(condition(part, scopes)));
  }
  const and = splitWords(text, 'and');
  if (and.length > 1) {
    return and.every((part) => isTrue(condition(part, scopes)));
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('not ')) {
    return !isTrue(condition(trimmed.slice(4), scopes));
  }
  const comparison = /^(.+?)\s*(==|!=|\bnot in\b|\bin\b)\s*(.+)$/.exec(trimmed);
  if (comparison?.[1] && comparison[2] && comparison[3]) {
    const left = evaluate(comparison[1], scopes);
    const right = evaluate(comparison[3], scopes);
    const contains = () => (Array.isArray(right) || typeof right === 'string' ? right.includes(left as never) : false);
    switch (comparison[2]) {
      case '==':
        return display(left) === display(right);
      case '!=':
        return display(left) !== display(right);
      case 'in':
        return contains();
      default:
        return !contains();
    }
  }
  return evaluate(trimmed, scopes);
}

function splitWords(text: string, word: string): string[] {
  return text.split(new RegExp(`\\s+${word}\\s+`)).filter((part) => part.trim() !== '');
}

/** `path.to.value|filter|filter:"arg"`; literals are quoted strings and numbers. */
function evaluate(expression: string, scopes: Context[]): unknown {
  const [head = '', ...filters] = splitFilters(expression);
  let value = literalOrLookup(head.trim(), scopes);
  for (const filter of filters) {
    const colon = filter.indexOf(':');
    const name = (colon < 0 ? filter : filter.slice(0, colon)).trim();
    const arg = colon < 0 ? undefined : literalOrLookup(filter.slice(colon + 1).trim(), scopes);
    value = applyFilter(name, value, arg);
  }
  return value;
}

function splitFilters(expression: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (const char of expression) {
    if (quote) {
      quote = char === quote ? '' : quote;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '|') {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

function literalOrLookup(text: string, scopes: Context[]): unknown {
  const quoted = /^(["'])([\s\S]*)\1$/.exec(text);
  if (quoted) {
    return quoted[2];
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    return Number(text);
  }
  const [first = '', ...path] = text.split('.');
  const scope = [...scopes].reverse().find((s) => Object.prototype.hasOwnProperty.call(s, first));
  let value: unknown = scope ? scope[first] : undefined;
  for (const key of path) {
    if (value === null || value === undefined || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'function' ? undefined : value;
}

function applyFilter(name: string, value: unknown, arg: unknown): unknown {
  switch (name) {
    case 'safe':
      return new SafeString(value instanceof SafeString ? value.value : display(value));
    case 'escape':
    case 'force_escape':
      return new SafeString(escapeHtml(display(value)));
    case 'default':
      return isTrue(value) ? value : arg;
    case 'default_if_none':
      return value === null || value === undefined ? arg : value;
    case 'length':
      return Array.isArray(value) || typeof value === 'string' ? value.length : 0;
    case 'upper':
      return display(value).toUpperCase();
    case 'lower':
      return display(value).toLowerCase();
    case 'join':
      return Array.isArray(value) ? value.map(display).join(display(arg)) : display(value);
    case 'linebreaksbr':
      return new SafeString(escapeHtml(display(value)).replace(/\r?\n/g, '<br>'));
    case 'urlize':
      return new SafeString(
        escapeHtml(display(value)).replace(/\bhttps?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}" rel="nofollow">${url}</a>`),
      );
    case 'date':
      return value;
    default:
      throw new TemplateError(`Unsupported filter: ${name}`);
  }
}

function isTrue(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  if (value instanceof SafeString) {
    return value.value !== '';
  }
  if (value && typeof value === 'object') {
    return Object.keys(value).length > 0;
  }
  return Boolean(value);
}

function display(value: unknown): string {
  if (value === null || value === undefined) {
    return value === null ? 'None' : '';
  }
  if (value instanceof SafeString) {
    return value.value;
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return value.toString();
  }
  return JSON.stringify(value) ?? '';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c] ?? c);
}
