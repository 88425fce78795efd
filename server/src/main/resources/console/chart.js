// A bar chart in SVG, drawn here: a few rectangles need no chart library. The figures are also
// in a table next to it, so the chart is a picture of them (role img with a label), not their
// only form.

import { h } from './dom.js';
import { t } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#0b4f9c', '#b34700'];

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** rows: [{label, values: [n, ...]}]; legend: the series' names. */
export function barChart(id, rows, legend, caption) {
  const step = 28;
  const width = Math.max(320, rows.length * step + 60);
  const height = 200;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 40}`, class: 'chart', id, role: 'img',
    'aria-label': `${caption}: ${legend.join(', ')}` });
  chart.append(svg('line', { x1: 36, x2: width, y1: height, y2: height, stroke: '#4a535c' }));
  chart.append(svg('text', { x: 0, y: 12, 'font-size': 11, fill: '#1b1f24' }, String(Math.round(max * 10) / 10)));
  rows.forEach((r, i) => {
    r.values.forEach((v, j) => {
      const bh = Math.round((height * v) / max);
      const bar = svg('rect', { x: 40 + i * step + j * 12, y: height - bh, width: 11, height: bh, fill: COLOURS[j % COLOURS.length] });
      bar.append(svg('title', {}, `${r.label}: ${legend[j]} ${Math.round(v * 10) / 10}`));
      chart.append(bar);
    });
    chart.append(svg('text', { x: 40 + i * step, y: height + 16, 'font-size': 10, fill: '#1b1f24' }, r.label));
  });
  return h('figure', { class: 'chart-figure' }, chart,
    h('figcaption', { class: 'legend' }, caption, ': ', legend.map((l, j) => [h('span', { class: 'swatch', style: `background:${COLOURS[j]}`, 'aria-hidden': 'true' }), l, ' '])),
    rows.length ? null : h('p', { class: 'empty' }, t('none')));
}
