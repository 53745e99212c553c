/**
 * A scripted day of 40 chats (2026-11-20, 08:00–11:00 UTC) with known timings, outcomes, tags,
 * canned replies, a transfer, ratings, surveys, conversions, widget loads, tickets (resolved, one reopened), SLA breaches
 * and presence changes: the events a Parley deployment would publish, in time order.
 * EXPECTED holds the fifteen metrics worked out BY HAND from this script (the arithmetic is in
 * the comments), not by the code under test. The unit scenario test and the integration test
 * (through the real local runtime) both compare against it.
 *
 * Cast: agents a1 = u-alice (support), a2 = u-bob (support), a3 = u-carol (sales). Visitors v01…v40, one per chat, except
 * that v01 and v02 come back (chats c39, c40): repeat contacts of c01 and c02.
 *   c01–c10  support, a1, wait 10 s, FRT 30 s, handle 300 s, 3+3 msgs, resolved; c01–c05 tag billing; canned ×1 in c01–c04
 *   c11–c20  support, a2, wait 20 s, FRT 60 s (c11–15) / 120 s (c16–20), handle 600 s, 10+8 msgs;
 *            c11–15 resolved, c16–18 unresolved, c19 escalated, c20 converted; c11–12 tags billing+vip, c13–20 tech; canned ×2 in c11
 *   c21–c30  sales, a3, wait 40 s, FRT 45 s, handle 900 s, 2+2 msgs; c21–25 proactive; c21–24 converted, c25–29 resolved;
 *            c30 is transferred from a3 to a2 at 10:30:00 and closed by a2 (resolved, department support) at 10:40:00
 *   c31–c36  support, missed after 120 s (queue-timeout ×3, no-agents ×2, visitor-left ×1); c31–33 become tickets
 *   c37–c38  support, the visitor leaves the queue after 60 s (1 visitor message, no agent)
 *   c39–c40  support, v01 / v02 again, a1, wait 10 s, FRT 30 s, handle 300 s, 3+3 msgs, resolved; c39 tag billing
 */
import type { ParleyEvent } from '../../functions/contracts/events';
import type { Outcome } from '../../functions/contracts/frames';

export const SCENARIO_DAY = '2026-11-20';
const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2026, 10, 20, hh, mm, ss);
const iso = (ms: number): string => new Date(ms).toISOString();
const pad = (n: number): string => String(n).padStart(2, '0');

interface Timed {
  at: number;
  event: ParleyEvent;
}

/** Builds an event; its id is `<key>` so redeliveries share it. */
function ev<T extends ParleyEvent['detailType']>(detailType: T, time: number, key: string, detail: Record<string, unknown>): Timed {
  return { at: time, event: { detailType, detail: { eventId: key, version: 1, occurredAt: iso(time), ...detail } } as ParleyEvent };
}

interface HandledChat {
  n: number;
  requested: number;
  department: string;
  agent: string;
  waitS: number;
  frtS: number;
  handleS: number;
  visitorMsgs: number;
  agentMsgs: number;
  outcome: Outcome;
  tags: string[];
  canned: number;
  proactive?: boolean;
  visitor?: string;
}

function handled(c: HandledChat): Timed[] {
  const chatId = `c${pad(c.n)}`;
  const visitorId = c.visitor ?? `v${pad(c.n)}`;
  const assignedAt = c.requested + c.waitS * 1000;
  const closedAt = assignedAt + c.handleS * 1000;
  return [
    ev('chat.requested', c.requested, `${chatId}:requested`, { chatId, visitorId, department: c.department, ...(c.proactive ? { proactive: true } : {}) }),
    ev('chat.assigned', assignedAt, `${chatId}:assigned`, { chatId, visitorId, agentId: c.agent, department: c.department, waitMs: c.waitS * 1000 }),
    ev('message.created', c.requested + c.frtS * 1000, `${chatId}:msg:2`, {
      chatId, seq: 2, senderRole: 'agent', senderId: c.agent, agentId: c.agent, department: c.department, firstResponseMs: c.frtS * 1000, length: 20,
    }),
    ev('chat.closed', closedAt, `${chatId}:closed`, {
      chatId, visitorId, agentId: c.agent, department: c.department, closedBy: 'agent', outcome: c.outcome, tags: c.tags,
      durationMs: closedAt - c.requested, handleMs: c.handleS * 1000, visitorMessages: c.visitorMsgs, agentMessages: c.agentMsgs, cannedMessages: c.canned,
    }),
  ];
}

function supportA1(n: number, requested: number, extra: Partial<HandledChat> = {}): Timed[] {
  return handled({ n, requested, department: 'support', agent: 'u-alice', waitS: 10, frtS: 30, handleS: 300, visitorMsgs: 3, agentMsgs: 3, outcome: 'resolved', tags: [], canned: 0, ...extra });
}

function a2Outcome(n: number): Outcome {
  if (n <= 15) return 'resolved';
  if (n <= 18) return 'unresolved';
  return n === 19 ? 'escalated' : 'converted';
}

function chats(): Timed[] {
  const out: Timed[] = [];
  for (let n = 1; n <= 10; n++) out.push(...supportA1(n, at(9, 2 * (n - 1)), { tags: n <= 5 ? ['billing'] : [], canned: n <= 4 ? 1 : 0 }));
  for (let n = 11; n <= 20; n++) {
    out.push(
      ...handled({
        n, requested: at(9, 2 * (n - 1)), department: 'support', agent: 'u-bob', waitS: 20, frtS: n <= 15 ? 60 : 120, handleS: 600, visitorMsgs: 10, agentMsgs: 8,
        outcome: a2Outcome(n), tags: n <= 12 ? ['billing', 'vip'] : ['tech'], canned: n === 11 ? 2 : 0,
      }),
    );
  }
  for (let n = 21; n <= 29; n++) {
    out.push(
      ...handled({
        n, requested: at(10, 3 * (n - 21)), department: 'sales', agent: 'u-carol', waitS: 40, frtS: 45, handleS: 900, visitorMsgs: 2, agentMsgs: 2,
        outcome: n <= 24 ? 'converted' : 'resolved', tags: [], canned: 0, proactive: n <= 25,
      }),
    );
  }
  // c30: requested 10:27, a3 takes it 10:27:40, transfers it to a2 at 10:30, a2 closes it 10:40 (handle 740 s).
  const [req30, asg30, frt30] = handled({ n: 30, requested: at(10, 27), department: 'sales', agent: 'u-carol', waitS: 40, frtS: 45, handleS: 0, visitorMsgs: 0, agentMsgs: 0, outcome: 'resolved', tags: [], canned: 0 });
  out.push(req30 as Timed, asg30 as Timed, frt30 as Timed);
  out.push(ev('chat.transferred', at(10, 30), 'c30:transferred:1', { chatId: 'c30', visitorId: 'v30', fromAgentId: 'u-carol', toAgentId: 'u-bob', fromDepartment: 'sales', toDepartment: 'support', reason: 'billing question' }));
  out.push(
    ev('chat.closed', at(10, 40), 'c30:closed', {
      chatId: 'c30', visitorId: 'v30', agentId: 'u-bob', department: 'support', closedBy: 'agent', outcome: 'resolved', tags: [],
      durationMs: at(10, 40) - at(10, 27), handleMs: 740_000, visitorMessages: 2, agentMessages: 2, cannedMessages: 0,
    }),
  );
  const missedReasons = ['queue-timeout', 'queue-timeout', 'queue-timeout', 'no-agents', 'no-agents', 'visitor-left'] as const;
  missedReasons.forEach((reason, i) => {
    const n = 31 + i;
    const chatId = `c${n}`;
    const requested = at(10, 5 * i);
    out.push(ev('chat.requested', requested, `${chatId}:requested`, { chatId, visitorId: `v${n}`, department: 'support' }));
    out.push(ev('chat.missed', requested + 120_000, `${chatId}:missed`, { chatId, visitorId: `v${n}`, department: 'support', waitMs: 120_000, reason }));
    if (n <= 33) out.push(ev('ticket.created', requested + 120_000, `t-${chatId}`, { ticketId: `t-${chatId}`, visitorId: `v${n}`, chatId, department: 'support', reason: 'missed' }));
  });
  // Offers before c31 and c33 went missed: a1 let two lapse, a2 declined c32.
  out.push(ev('chat.offer.rejected', at(10, 0, 30), 'c31:offer:1', { chatId: 'c31', agentId: 'u-alice', department: 'support', reason: 'expired' }));
  out.push(ev('chat.offer.rejected', at(10, 5, 30), 'c32:offer:1', { chatId: 'c32', agentId: 'u-bob', department: 'support', reason: 'declined' }));
  out.push(ev('chat.offer.rejected', at(10, 10, 30), 'c33:offer:1', { chatId: 'c33', agentId: 'u-alice', department: 'support', reason: 'expired' }));
  for (const [n, time] of [[37, at(10, 45)], [38, at(10, 50)]] as const) {
    out.push(ev('chat.requested', time, `c${n}:requested`, { chatId: `c${n}`, visitorId: `v${n}`, department: 'support' }));
    out.push(
      ev('chat.closed', time + 60_000, `c${n}:closed`, {
        chatId: `c${n}`, visitorId: `v${n}`, department: 'support', closedBy: 'visitor', tags: [], durationMs: 60_000, visitorMessages: 1, agentMessages: 0, cannedMessages: 0,
      }),
    );
  }
  out.push(...supportA1(39, at(10, 30), { visitor: 'v01', tags: ['billing'] }));
  out.push(...supportA1(40, at(10, 40), { visitor: 'v02' }));
  return out;
}

/** What a feedback event says about its chat (as the feedback use case sends it): the closing agent, department and final tags. */
function about(n: number, agentId: string): Record<string, unknown> {
  const department = n >= 21 && n <= 29 ? 'sales' : 'support';
  const tags = n <= 5 ? ['billing'] : n <= 12 && n >= 11 ? ['billing', 'vip'] : n >= 13 && n <= 20 ? ['tech'] : [];
  return { chatId: `c${pad(n)}`, visitorId: `v${pad(n)}`, agentId, department, ...(tags.length > 0 ? { tags } : {}) };
}

function feedback(): Timed[] {
  const out: Timed[] = [];
  const rated = (n: number, agentId: string, rating: number) => out.push(ev('chat.rated', at(10, 58), `c${pad(n)}:rated`, { ...about(n, agentId), rating }));
  [5, 5, 5, 5, 5, 5, 5, 5, 4, 2].forEach((r, i) => rated(i + 1, 'u-alice', r));
  [3, 3, 3, 1, 5].forEach((r, i) => rated(i + 11, 'u-bob', r));
  [5, 5, 5, 5].forEach((r, i) => rated(i + 21, 'u-carol', r));
  const survey = (n: number, agentId: string, kind: 'csat' | 'nps' | 'ces', score: number) =>
    out.push(ev('survey.answered', at(10, 59), `c${pad(n)}:survey:${kind}`, { ...about(n, agentId), survey: kind, score }));
  [5, 5, 4, 3, 1].forEach((s, i) => survey(i + 1, 'u-alice', 'csat', s));
  [10, 10, 9, 9, 8, 7, 6, 5, 3, 10].forEach((s, i) => survey(i + 1, 'u-alice', 'nps', s));
  [5, 4, 2, 5].forEach((s, i) => survey(i + 21, 'u-carol', 'ces', s));
  return out;
}

function business(): Timed[] {
  const out: Timed[] = [];
  // Two offline messages before opening hours.
  for (const id of ['t1', 't2']) out.push(ev('ticket.created', at(8, 30), id, { ticketId: id, visitorId: `off-${id}`, department: 'support', reason: 'outside-hours' }));
  // Tickets worked: t1 resolved by a1 at 09:30; t2 resolved by a2 at 10:00, reopened 10:15, resolved again 10:45;
  // the missed chats' t-c31 (10:02) at 10:50, t-c32 (10:07) and t-c33 (10:12) at 10:55, by a1. None open by 11:00.
  const ticketStatus = (ticketId: string, visitorId: string, created: number, time: number, agentId: string, version: number, reopened = false) =>
    out.push(
      reopened
        ? ev('ticket.reopened', time, `${ticketId}:status:${version}`, { ticketId, visitorId, department: 'support', agentId })
        : ev('ticket.resolved', time, `${ticketId}:status:${version}`, { ticketId, visitorId, department: 'support', agentId, openMs: time - created }),
    );
  ticketStatus('t1', 'off-t1', at(8, 30), at(9, 30), 'u-alice', 1);
  ticketStatus('t2', 'off-t2', at(8, 30), at(10, 0), 'u-bob', 1);
  ticketStatus('t2', 'off-t2', at(8, 30), at(10, 15), 'u-bob', 2, true);
  ticketStatus('t2', 'off-t2', at(8, 30), at(10, 45), 'u-bob', 3);
  ticketStatus('t-c31', 'v31', at(10, 2), at(10, 50), 'u-alice', 1);
  ticketStatus('t-c32', 'v32', at(10, 7), at(10, 55), 'u-alice', 1);
  ticketStatus('t-c33', 'v33', at(10, 12), at(10, 55), 'u-alice', 1);
  // 60 widget loads: 50 first-of-day, 10 repeat loads.
  for (let i = 0; i < 60; i++) out.push(ev('widget.loaded', at(9, 0, i), `load-${i}`, { visitorId: `w${i % 50}`, firstOfDay: i < 50 }));
  const conversion = (id: string, visitorId: string, value: number, attributed?: { chatId: string; proactive: boolean; first: boolean }) =>
    out.push(
      ev('conversion.recorded', at(11, 30), `conversion:${id}`, {
        conversionId: id, visitorId, value,
        ...(attributed ? { chatId: attributed.chatId, agentId: 'u-carol', proactive: attributed.proactive, firstForChat: attributed.first } : {}),
      }),
    );
  conversion('k1', 'v21', 100, { chatId: 'c21', proactive: true, first: true });
  conversion('k2', 'v22', 50, { chatId: 'c22', proactive: true, first: true });
  conversion('k3', 'v22', 25, { chatId: 'c22', proactive: true, first: false });
  conversion('k4', 'v26', 80, { chatId: 'c26', proactive: false, first: true });
  conversion('k5', 'vX', 10);
  // c16–c20 answered after the 60 s target; c31 waited past the queue target.
  for (let n = 16; n <= 20; n++) {
    const due = at(9, 2 * (n - 1), 60);
    out.push(ev('sla.breached', due + 1000, `c${n}:sla:firstResponse`, { chatId: `c${n}`, target: 'firstResponse', targetSeconds: 60, deadline: iso(due), actual: iso(due + 1000), department: 'support', agentId: 'u-bob' }));
  }
  out.push(ev('sla.breached', at(10, 1, 1), 'c31:sla:queueTime', { chatId: 'c31', target: 'queueTime', targetSeconds: 60, deadline: iso(at(10, 1)), actual: iso(at(10, 1, 1)), department: 'support' }));
  // Presence: a1, a2 online 09:00–11:00; a3 online 10:00–11:00.
  const status = (agentId: string, time: number, status: 'online' | 'offline', previous: 'online' | 'offline') =>
    out.push(ev('agent.status.changed', time, `${agentId}:status:${time}`, { agentId, status, previous, automatic: false }));
  status('u-alice', at(9, 0), 'online', 'offline');
  status('u-bob', at(9, 0), 'online', 'offline');
  status('u-carol', at(10, 0), 'online', 'offline');
  for (const a of ['u-alice', 'u-bob', 'u-carol']) status(a, at(11, 0), 'offline', 'online');
  return out;
}

/** Every event of the day in time order (ties keep script order: a status change comes before the chat it enables). */
export function scenarioEvents(): ParleyEvent[] {
  const all = [...business(), ...chats(), ...feedback()];
  return all
    .map((t, i) => ({ ...t, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((t) => t.event);
}

/**
 * The summary for 2026-11-20, worked out by hand.
 * Assigned chats: c01–c30 and c39–c40 = 32. Closed: c01–c30, c37–c40 = 34.
 */
export const EXPECTED_SUMMARY = {
  // 40 requests; proactive c21–c25 = 5; 32 assigned over 3 agents = 10.7 each.
  totalChats: { chats: 40, proactive: 5, reactive: 35, assigned: 32, closed: 34, chatsPerAgent: 10.7 },
  // FRTs: 30 s ×12 (c01–10, c39–40), 45 s ×10, 60 s ×5, 120 s ×5: sum 360+450+300+600 = 1710 s / 32 = 53.4 s.
  // Median = 16th value → in the 45 s bucket; p90 = 29th (ceil 28.8) → in the 120 s bucket. Within 60 s: 27/32 = 84.4 %.
  firstResponse: { count: 32, avgSeconds: 53.4, medianSeconds: 45, p90Seconds: 120, withinTargetPct: 84.4 },
  // 6 missed of 40 requests = 15 %; two offers lapsed (a1), one declined (a2).
  missed: { missed: 6, missedPct: 15, byReason: { 'queue-timeout': 3, 'no-agents': 2, 'visitor-left': 1 }, offersMissed: 2, offersDeclined: 1 },
  // 34 closed chats with counts: a1 6×12 = 72, a2 18×10 = 180, a3 4×10 = 40 (c21–30), c37–38 1×2 = 2 → 294 / 34 = 8.6.
  // Visitor 3×12 + 10×10 + 2×10 + 1×2 = 158 → 4.6; agent 3×12 + 8×10 + 2×10 = 136 → 4.0.
  // Short (≤ 4): c21–c30 and c37–38 = 12 → 35.3 %; long (≥ 16): c11–20 = 10 → 29.4 %.
  // By outcome: resolved c01–10 (60), c11–15 (90), c25–30 (24), c39–40 (12) = 186 / 23 = 8.1; unresolved 54/3 = 18;
  // escalated 18/1; converted c20 18 + c21–24 16 = 34 / 5 = 6.8; none (c37–38) 2/2 = 1.
  messagesPerChat: {
    chats: 34, avg: 8.6, avgVisitor: 4.6, avgAgent: 4, shortPct: 35.3, longPct: 29.4,
    byOutcome: { resolved: 8.1, escalated: 18, unresolved: 18, converted: 6.8, none: 1 },
  },
  // Tagged: c01–05, c11–12, c13–20, c39 = 16 of 34 = 47.1 %; tags 5 + 4 + 8 + 1 = 18 / 34 = 0.5 per chat.
  tags: { tagged: 16, taggedPct: 47.1, tagsPerChat: 0.5 },
  // Handle: 300 s ×12, 600 s ×10, 900 s ×9, 740 s = 3600+6000+8100+740 = 18440 s / 32 = 576.25 → 576.3.
  // Median = 16th → 600 s bucket; p90 = 29th → 900 s bucket. One transfer; 1 of 34 closed chats transferred = 2.9 %.
  handleTime: { count: 32, avgSeconds: 576.3, medianSeconds: 600, p90Seconds: 900, transfers: 1, transferRatePct: 2.9 },
  // Canned: c01–c04 (1 each) and c11 (2): 5 of 34 chats = 14.7 %; 6 / 34 = 0.2 per chat.
  canned: { chatsUsing: 5, chatsUsingPct: 14.7, perChat: 0.2 },
  // k1–k5 = 265; k1–k4 attributed; c21, c22, c26 converted = 3 of 32 assigned = 9.4 %.
  // Per path: proactive k1–k3 (c21, c22) = 3 worth 100 + 50 + 25 = 175, per 5 proactive chats = 60 per 100,
  // converted chats c21, c22 = 2 of 5 = 40 %; reactive k4 (c26) = 1 worth 80, per 35 reactive chats = 2.9, 1 of 35 = 2.9 %.
  conversion: {
    conversions: 5, value: 265, attributed: 4, convertedChats: 3, ratePct: 9.4, proactive: 3, reactive: 1, proactiveValue: 175, reactiveValue: 80,
    proactivePer100: 60, reactivePer100: 2.9, proactiveRatePct: 40, reactiveRatePct: 2.9,
  },
  // Resolved 10 + 5 + 6 (c25–30) + 2 = 23; escalated c19. First contact: resolved without a transfer = 22 (not c30),
  // minus repeat contacts c01, c02 (v01/v02 came back within 7 days) = 20 of 34 = 58.8 %.
  fcr: { closed: 34, resolved: 23, escalated: 1, repeatContacts: 2, firstContactResolved: 20, ratePct: 58.8 },
  // CSAT 5,5,4,3,1: 18 / 5 = 3.6; 4–5: 3 of 5 = 60 %; negative (1–2): 1 = 20 %.
  csat: { count: 5, avg: 3.6, positivePct: 60, negative: 1, negativePct: 20 },
  // NPS 10,10,9,9,8,7,6,5,3,10: promoters 5, passives 2, detractors 3 → (5 − 3) / 10 = 20.
  nps: { count: 10, promoters: 5, passives: 2, detractors: 3, score: 20 },
  // 50 first-of-day loads of 60; 40 chats / 50 visitors = 80 %.
  visitors: { visitors: 50, widgetLoads: 60, chatRatePct: 80 },
  // Resolutions: t1 1 h, t2 1.5 h and (reopened once) 2.25 h, t-c31 48 min, t-c32 48 min, t-c33 43 min:
  // 60 + 90 + 135 + 48 + 48 + 43 = 424 min / 6 = 70.7 min = 1.18 h → 1.2.
  tickets: { tickets: 5, byReason: { missed: 3, 'outside-hours': 2 }, resolved: 6, reopened: 1, avgResolveHours: 1.2 },
  // CES 5,4,2,5: 16 / 4 = 4; easy (4–5) 3 = 75 %; hard (1–2) 1 = 25 %.
  ces: { count: 4, avg: 4, positivePct: 75, negative: 1, negativePct: 25 },
  // Online: a1 2 h + a2 2 h + a3 1 h = 5 h. Busy (≥ 1 chat): a1 09:00:10–09:23:10 + 2 × 300 s = 1980 s,
  // a2 09:20:20–09:48:20 = 1680 s and c30 (his by transfer) 10:30–10:40 = 600 s → 2280 s,
  // a3 10:00:40–10:39:40 = 2340 s (c30 left at 10:30, c29 closed last) → 6600 s = 1.8 h, 36.7 %.
  // 32 chats / 5 online hours = 6.4.
  utilization: { onlineHours: 5, busyHours: 1.8, utilizationPct: 36.7, chatsPerOnlineHour: 6.4 },
  // Ratings: a1 8×5+4+2 = 46, a2 3×3+1+5 = 15, a3 4×5 = 20 → 81 / 19 = 4.3; 4–5: 9 + 1 + 4 = 14 → 73.7 %; 1–2: 2 → 10.5 %.
  ratings: { count: 19, avg: 4.3, positivePct: 73.7, negative: 2, negativePct: 10.5 },
  // Waits: 10 s ×12, 20 s ×10, 40 s ×10 = 720 s / 32 = 22.5; 16th → 30 s bucket, 29th → 45 s bucket.
  pickup: { count: 32, avgSeconds: 22.5, medianSeconds: 30, p90Seconds: 45 },
  sla: { breaches: 6, byTarget: { firstResponse: 5, queueTime: 1 } },
};

/** The agents' display names (their profiles: the local runtime's demo users; the unit test seeds the same). */
export const AGENT_NAMES = { 'u-alice': 'Alice', 'u-bob': 'Bob', 'u-carol': 'Carol' } as const;

/** The agent performance report (leaderboard by chats resolved), by hand. */
export const EXPECTED_AGENTS = [
  // a1: c01–10, c39–40: 12 taken, 12 resolved, 2 lapsed offers; pickup 10 s, chat 300 s, FRT 30 s; ratings 9/10 positive, 1/10 negative;
  // CSAT 3.6; NPS (5 promoters − 3 detractors) / 10 = 20; FCR 12 − 2 repeats = 10 / 12 = 83.3 %; busy 1980 s of 7200 s = 27.5 %; 12 chats / 2 h = 6.
  {
    rank: 1, agentId: 'u-alice', agentName: 'Alice', chatsTaken: 12, takenByTransfer: 0, resolved: 12, missed: 2, avgPickupSeconds: 10, avgChatSeconds: 300, frtAvgSeconds: 30,
    positiveRatingPct: 90, negativeRatingPct: 10, csatAvg: 3.6, npsScore: 20, fcrPct: 83.3, conversions: 0, utilizationPct: 27.5, chatsPerOnlineHour: 6,
    // Badges: 12 first responses, all within 60 s; 10 ratings, 9 of them 4–5 (90 %); 12 resolved of 12 taken.
    badges: ['fast-responder', 'customer-favourite', 'resolver'],
  },
  // a2: c11–20 from the queue (10) + c30 by transfer = 11 taken; resolved c11–15 and c30 = 6; pickup 20 s (his own 10 waits);
  // chat time (6000 + 740) / 11 = 612.7 s; FRT (5×60 + 5×120) / 10 = 90 s; ratings 1 positive, 1 negative of 5;
  // FCR 5 (c30 was transferred) / 11 closed = 45.5 %; busy 1680 + 600 (c30) = 2280 / 7200 = 31.7 %; 11 / 2 h = 5.5.
  {
    rank: 2, agentId: 'u-bob', agentName: 'Bob', chatsTaken: 11, takenByTransfer: 1, resolved: 6, missed: 0, avgPickupSeconds: 20, avgChatSeconds: 612.7, frtAvgSeconds: 90,
    positiveRatingPct: 20, negativeRatingPct: 20, csatAvg: null, npsScore: null, fcrPct: 45.5, conversions: 0, utilizationPct: 31.7, chatsPerOnlineHour: 5.5,
    // No badge: 5 of 10 first responses within 60 s; 1 of 5 ratings 4–5; 6 resolved (fewer than 10).
    badges: [],
  },
  // a3: c21–30 taken (10); resolved c25–29 = 5; chat 900 s (c21–29); FCR 5 / 9 closed = 55.6 %; k1–k4 = 4 conversions; busy 2340 / 3600 = 65 %; 10 / 1 h.
  {
    rank: 3, agentId: 'u-carol', agentName: 'Carol', chatsTaken: 10, takenByTransfer: 0, resolved: 5, missed: 0, avgPickupSeconds: 40, avgChatSeconds: 900, frtAvgSeconds: 45,
    positiveRatingPct: 100, negativeRatingPct: 0, csatAvg: null, npsScore: null, fcrPct: 55.6, conversions: 4, utilizationPct: 65, chatsPerOnlineHour: 10,
    // Fast responder (10 first responses at 45 s, all within 60 s); 4 ratings (fewer than 5); 5 resolved.
    badges: ['fast-responder'],
  },
];

/** Tags by closed chats: billing c01–05, c11–12, c39 = 8 (8 / 34 = 23.5 %); tech c13–20 = 8; vip c11–12 = 2 (5.9 %). */
export const EXPECTED_TAG_CLOSED = { billing: 8, tech: 8, vip: 2 };

/**
 * The tags table, by hand. A tag's chats are the closed chats carrying it (tags are final at close).
 * billing: c01–05 (6 msgs, 300 s), c11–12 (18 msgs, 600 s), c39 (6 msgs, 300 s): messages (30 + 36 + 6) / 8 = 9;
 *   handle (1500 + 1200 + 300) / 8 = 375 s; FCR: c01–05, c11–12, c39 resolved first time = 8, minus the repeat
 *   contacts c01, c02 (billing chats) = 6 / 8 = 75 %; CSAT c01–05 (5, 5, 4, 3, 1) = 3.6; ratings c01–05 (5 ×5) and
 *   c11–12 (3, 3) = 31 / 7 = 4.4.
 * tech: c13–20 (18 msgs, 600 s): 18, 600 s; resolved first time c13–15 = 3 / 8 = 37.5 %; no CSAT; ratings c13–15 (3, 1, 5) = 3.
 * vip: c11–12: 18 msgs, 600 s, both resolved = 100 %; ratings (3, 3) = 3.
 */
export const EXPECTED_TAGS = [
  { key: 'billing', chats: 8, closed: 8, sharePct: 23.5, avgMessages: 9, handleAvgSeconds: 375, fcrPct: 75, csatAvg: 3.6, ratingAvg: 4.4 },
  { key: 'tech', chats: 8, closed: 8, sharePct: 23.5, avgMessages: 18, handleAvgSeconds: 600, fcrPct: 37.5, csatAvg: null, ratingAvg: 3 },
  { key: 'vip', chats: 2, closed: 2, sharePct: 5.9, avgMessages: 18, handleAvgSeconds: 600, fcrPct: 100, csatAvg: null, ratingAvg: 3 },
];

/**
 * The departments table, by hand. A department's chats are the requests made to it; closed counts where the chat closed.
 * support: requests c01–20, c31–40 = 30; closed c01–20, c30 (transferred in, closed by a2), c37–40 = 25 → 25 / 34 = 73.5 %;
 *   messages 60 + 180 + 4 + 2 + 12 = 258 / 25 = 10.3; handle (3000 + 6000 + 740 + 600) / 23 with an agent = 449.6 s;
 *   FCR c01–10, c11–15, c39–40 = 17 − 2 repeats = 15 / 25 = 60 %; CSAT c01–05 = 3.6; ratings a1 46 + a2 15 = 61 / 15 = 4.1.
 * sales: requests c21–30 = 10; closed c21–29 = 9 → 26.5 %; 4 messages, 900 s; FCR c25–29 = 5 / 9 = 55.6 %; ratings c21–24 = 5.
 */
export const EXPECTED_DEPARTMENTS = [
  { key: 'support', chats: 30, closed: 25, sharePct: 73.5, avgMessages: 10.3, handleAvgSeconds: 449.6, fcrPct: 60, csatAvg: 3.6, ratingAvg: 4.1 },
  { key: 'sales', chats: 10, closed: 9, sharePct: 26.5, avgMessages: 4, handleAvgSeconds: 900, fcrPct: 55.6, csatAvg: null, ratingAvg: 5 },
];
