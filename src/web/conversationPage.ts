import type { PageBoot } from '../model/pages.ts';
import { callScorePanel } from './CallScoreView.ts';
import { SentimentChart } from './charts/SentimentChart.ts';
import { SpeakerTimelineChart } from './charts/SpeakerTimelineChart.ts';
import { talkTimeTable } from './charts/talkTimeTable.ts';
import { h, replaceChildren } from './dom.ts';
import { downloadButtons } from './downloads.ts';
import { clock, count, dateTime } from './format.ts';
import {
  actionsPanel,
  entitiesPanel,
  questionsPanel,
  summaryPanel,
  topicsPanel,
  trackersPanel,
} from './insightViews.ts';
import { type ConversationData, loadConversation } from './loadConversation.ts';
import type { PageApi } from './PageApi.ts';
import { Player, type PlayerSegment } from './Player.ts';
import { Timeline } from './Timeline.ts';
import { TranscriptView } from './TranscriptView.ts';

/** Reads the conversation through the API and shows it in `root`. */
export async function showConversation(root: HTMLElement, api: PageApi, boot: PageBoot): Promise<void> {
  const data = await loadConversation(api, boot.conversationId!, boot.includeCallScore);
  renderConversation(root, api, boot, data);
}

/** Builds the conversation page from its data. */
export function renderConversation(
  root: HTMLElement,
  api: PageApi,
  boot: PageBoot,
  data: ConversationData,
): void {
  const { conversation } = data;
  const timeline = new Timeline(data.messages, conversation.startTime);
  const segments = playerSegments(api, boot, data);
  const player =
    segments.length === 0 ? undefined : new Player(segments, `Recording of ${conversation.name}`);
  const transcript = new TranscriptView(timeline, player);
  const speakerChart = new SpeakerTimelineChart(timeline, player ? (t) => player.seek(t, true) : undefined);
  const sentimentChart = new SentimentChart(timeline);
  player?.onTime((seconds) => {
    transcript.setTime(seconds, player.playing);
    speakerChart.setTime(seconds);
    sentimentChart.setTime(seconds);
  });

  const recording = h(
    'section',
    { class: 'panel recording', 'aria-labelledby': 'recording-heading' },
    h('h2', { id: 'recording-heading' }, 'Recording'),
    player?.element ?? h('p', { class: 'empty' }, noRecordingReason(data)),
  );
  const overview = h(
    'div',
    { class: 'overview' },
    recording,
    summaryPanel(data.summary, timeline),
    boot.includeCallScore ? callScorePanel(data.callScore) : undefined,
    topicsPanel(data.topics, timeline),
    questionsPanel(data.questions, timeline),
    actionsPanel('action-items', 'Action items', data.actionItems, timeline, 'No action item was agreed.'),
    actionsPanel('follow-ups', 'Follow-ups', data.followUps, timeline, 'No follow-up was agreed.'),
    entitiesPanel(data.entities, timeline),
    trackersPanel(data.trackers, timeline),
  );
  const detail = h(
    'div',
    { class: 'detail' },
    h(
      'section',
      { class: 'panel charts', 'aria-labelledby': 'charts-heading' },
      h('h2', { id: 'charts-heading' }, 'Speakers and sentiment'),
      speakerChart.element,
      talkTimeTable(data.analytics, timeline.speakers),
      sentimentChart.element,
    ),
    transcript.element,
  );
  const main = h('main', { id: 'main', class: 'layout', tabindex: -1 }, overview, detail);
  main.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-message]');
    if (link === null) return;
    event.preventDefault();
    transcript.reveal(link.dataset.message!);
    player?.seek(Number(link.dataset.start));
  });
  const speakers = timeline.speakers.length;
  replaceChildren(
    root,
    h(
      'header',
      { class: 'page-header' },
      boot.look.logo ? h('img', { class: 'logo', src: boot.look.logo, alt: '' }) : undefined,
      h('h1', {}, conversation.name),
      h(
        'p',
        { class: 'meta' },
        `${dateTime(conversation.startTime)} · ${clock(timeline.duration)} · ${count(speakers, 'speaker')} · ${count(data.messages.length, 'message')}`,
      ),
      boot.liveWithoutConnection
        ? h(
            'p',
            { class: 'notice', role: 'status' },
            'This conversation is still live: this page shows what had been saved when it was opened. Reload it to see more.',
          )
        : undefined,
      downloadButtons(api, conversation.id, conversation.name),
    ),
    main,
  );
  document.title = `${conversation.name} · Parley`;
}

function playerSegments(api: PageApi, boot: PageBoot, data: ConversationData): PlayerSegment[] {
  const kept = data.media.filter((m) => m.playable);
  if (kept.length > 0) {
    return kept.map((m) => ({
      src: api.mediaSource(m.url),
      offset: m.offsetSeconds,
      video: m.media === 'video',
    }));
  }
  const url = boot.look.mediaUrl;
  if (url === undefined) return [];
  return [{ src: url, offset: 0, video: boot.experience === 'video-summary' }];
}

function noRecordingReason(data: ConversationData): string {
  const unplayable = data.media.find((m) => !m.playable);
  if (unplayable !== undefined) {
    return `The recording was kept, but browsers cannot play its format (${unplayable.contentType}).`;
  }
  return 'No recording was kept for this conversation (submit it with keepMedia=true, or run the server with --keep-media).';
}
