import { codeSpan, escapeCell, formatNumber, formatSigned, markdownTable } from '../../src/summary/markdown.js';

test('a table has a header, an alignment row and one escaped row per entry', () => {
  expect(
    markdownTable(
      ['Name', { header: 'Value', align: 'right' }, { header: 'Note', align: 'center' }],
      [
        ['a|b', '1', 'line one\nline two'],
        ['<!-- x -->', '2'],
      ],
    ),
  ).toBe(
    [
      '| Name | Value | Note |',
      '| :-- | --: | :-: |',
      '| a\\|b | 1 | line one<br>line two |',
      '| &lt;!-- x --&gt; | 2 |  |',
    ].join('\n'),
  );
});

test('a row with more cells than columns, or a table without columns, is refused', () => {
  expect(() => markdownTable(['A'], [['1', '2']])).toThrow('row 1 has 2 cells for 1 columns');
  expect(() => markdownTable([], [])).toThrow(RangeError);
});

test.each([
  ['plain', 'plain'],
  ['back\\slash', 'back\\\\slash'],
  ['a | b', 'a \\| b'],
  ['crlf\r\nend', 'crlf<br>end'],
])('escapeCell(%j)', (text, escaped) => {
  expect(escapeCell(text)).toBe(escaped);
});

test.each([
  ['x', '`x`'],
  ['a`b', '``a`b``'],
  ['`edge', '`` `edge ``'],
])('codeSpan(%j) survives backticks', (text, span) => {
  expect(codeSpan(text)).toBe(span);
});

test.each([
  [0, '0'],
  [0.92, '0.92'],
  [0.010000000000000009, '0.01'],
  [-0.020000000000000018, '-0.02'],
  [123456.789, '123457'],
  [1e-7, '1e-7'],
  [2.5e20, '2.5e+20'],
  [Number.NaN, 'NaN'],
])('formatNumber(%p) = %s', (value, text) => {
  expect(formatNumber(value)).toBe(text);
});

test('formatSigned marks gains with +', () => {
  expect([formatSigned(0.5), formatSigned(-0.5), formatSigned(0)]).toEqual(['+0.5', '-0.5', '0']);
});
