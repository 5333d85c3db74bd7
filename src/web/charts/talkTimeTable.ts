import type { AnalyticsResponse } from '../../model/analytics.ts';
import { h, svg } from '../dom.ts';
import { clock } from '../format.ts';

/** Talk time, share and pace per speaker, as a table with a bar drawn in each share cell. */
export function talkTimeTable(analytics: AnalyticsResponse, speakers: readonly string[]): HTMLElement {
  const members = analytics.members.filter((m) => m.talkTime.seconds > 0);
  const metric = (type: string) => analytics.metrics.find((m) => m.type === type);
  const silence = metric('total_silence');
  const overlap = metric('total_overlap');
  return h(
    'figure',
    { class: 'chart talk-time' },
    h('figcaption', {}, 'Talk time and pace'),
    members.length === 0
      ? h('p', { class: 'empty' }, 'No timed speech.')
      : h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Speaker'),
              h('th', { scope: 'col' }, 'Talk time'),
              h('th', { scope: 'col' }, 'Share'),
              h('th', { scope: 'col' }, 'Pace'),
            ),
          ),
          h(
            'tbody',
            {},
            ...members.map((member) => {
              const index = speakers.indexOf(member.name);
              const colour = index === -1 ? 7 : index % 8;
              const share = member.talkTime.percentage;
              return h(
                'tr',
                {},
                h('th', { scope: 'row', class: `speaker-${colour}` }, member.name),
                h('td', {}, clock(member.talkTime.seconds)),
                h(
                  'td',
                  { class: 'share' },
                  svg(
                    'svg',
                    {
                      class: 'bar',
                      viewBox: '0 0 100 10',
                      preserveAspectRatio: 'none',
                      'aria-hidden': 'true',
                      focusable: 'false',
                    },
                    svg('rect', { class: 'bar-bg', x: 0, y: 0, width: 100, height: 10 }),
                    svg('rect', {
                      class: `speaker-fill-${colour}`,
                      x: 0,
                      y: 0,
                      width: Math.max(0, Math.min(100, share)),
                      height: 10,
                    }),
                  ),
                  h('span', {}, `${Math.round(share)}%`),
                ),
                h('td', {}, `${Math.round(member.pace.wpm)} wpm`),
              );
            }),
          ),
        ),
    h(
      'p',
      { class: 'chart-note' },
      silence ? `Silence: ${Math.round(silence.percent)}% of the conversation. ` : '',
      overlap ? `Overlap: ${clock(overlap.seconds)}.` : '',
    ),
  );
}
