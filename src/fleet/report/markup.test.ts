import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { el, escapeText, trusted } from './markup.js';

describe('fleet report: markup', () => {
  it('escapes every text and attribute value, and drops absent attributes', () => {
    const html = el('td', { class: 'a"b', title: undefined, hidden: true, off: false }, '<script>', 3, null, [el('b', {}, "O'K")]).html;
    assert.equal(html, '<td class="a&#34;b" hidden>&#60;script&#62;3<b>O&#39;K</b></td>');
    assert.equal(escapeText('&'), '&#38;');
    assert.equal(el('style', {}, trusted('a > b {}')).html, '<style>a > b {}</style>');
  });
});
