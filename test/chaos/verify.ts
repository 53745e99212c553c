/**
 * The chaos run's verdict, as a pure function over what it gathered: for every chat, what each
 * side sent (in order), what the table holds, and what each side's client ended up showing.
 * A message is identified by its text, unique per run, so a resend under a new seq shows up as
 * a duplicate rather than hiding behind a fresh clientMessageId.
 */

export interface SentMessage {
  readonly text: string;
  readonly side: 'visitor' | 'agent';
  /** The client gave up on it (a final error): the sender was told it failed. */
  readonly failed?: string;
}

/** A transcript as one party sees it: seq → text, in the order held. */
export interface View {
  readonly name: string;
  readonly messages: readonly { readonly seq: number; readonly text: string }[];
  /** The chat's status in this view. */
  readonly status: string | undefined;
}

export interface ChatEvidence {
  readonly chatId: string;
  /** What the harness sent, in send order per side. */
  readonly sent: readonly SentMessage[];
  /** The table's META status and lastSeq, undefined when the chat item is missing. */
  readonly table: { readonly status: string; readonly lastSeq: number; readonly agentId?: string } | undefined;
  /** The table's messages, the visitor's view and the agent's view. */
  readonly views: readonly View[];
  /** Why the chat's script could not finish, if it could not. */
  readonly failure?: string;
}

export interface AgentEvidence {
  readonly agentId: string;
  /** activeChats on the profile at the end (every chat closed: 0). */
  readonly activeChats: number;
  /** Agent-chat items still in the table at the end. */
  readonly openChatItems: number;
}

export interface Verdict {
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  readonly invalidStates: number;
  /** One line per problem found, for the report. */
  readonly problems: string[];
}

/** Counts problems in one view: seqs must run 1..n without gaps, and each text appear once. */
function checkView(chatId: string, view: View, sent: readonly SentMessage[], problems: string[]): { lost: number; duplicated: number; outOfOrder: number } {
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  view.messages.forEach((m, i) => {
    if (m.seq !== i + 1) {
      outOfOrder += 1;
      problems.push(`${chatId} ${view.name}: position ${i + 1} holds seq ${m.seq}`);
    }
  });
  const seqsOf = new Map<string, number[]>();
  for (const m of view.messages) seqsOf.set(m.text, [...(seqsOf.get(m.text) ?? []), m.seq]);
  for (const side of ['visitor', 'agent'] as const) {
    let previous = 0;
    for (const message of sent.filter((s) => s.side === side)) {
      const seqs = seqsOf.get(message.text) ?? [];
      if (seqs.length === 0) {
        lost += 1;
        problems.push(`${chatId} ${view.name}: lost ${JSON.stringify(message.text)}${message.failed ? ` (send failed: ${message.failed})` : ''}`);
        continue;
      }
      if (seqs.length > 1) {
        duplicated += seqs.length - 1;
        problems.push(`${chatId} ${view.name}: ${JSON.stringify(message.text)} at seqs ${seqs.join(', ')}`);
      }
      const seq = seqs[0] as number;
      if (seq < previous) {
        outOfOrder += 1;
        problems.push(`${chatId} ${view.name}: ${side}'s ${JSON.stringify(message.text)} at seq ${seq}, before the message sent ahead of it (seq ${previous})`);
      }
      previous = Math.max(previous, seq);
    }
  }
  return { lost, duplicated, outOfOrder };
}

/** The views must agree seq by seq (the table is the first view). */
function disagreements(chatId: string, views: readonly View[], problems: string[]): number {
  const [truth, ...others] = views;
  if (!truth) return 0;
  const bySeq = new Map(truth.messages.map((m) => [m.seq, m.text]));
  let count = 0;
  for (const view of others) {
    for (const m of view.messages) {
      if (bySeq.has(m.seq) && bySeq.get(m.seq) !== m.text) {
        count += 1;
        problems.push(`${chatId}: seq ${m.seq} is ${JSON.stringify(m.text)} for ${view.name} but ${JSON.stringify(bySeq.get(m.seq))} for ${truth.name}`);
      }
    }
  }
  return count;
}

export function verify(chats: readonly ChatEvidence[], agents: readonly AgentEvidence[]): Verdict {
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let invalidStates = 0;
  for (const chat of chats) {
    // Each problem counts once per message, however many views show it.
    let chatLost = 0;
    let chatDuplicated = 0;
    let chatOutOfOrder = 0;
    for (const view of chat.views) {
      const counts = checkView(chat.chatId, view, chat.sent, problems);
      chatLost = Math.max(chatLost, counts.lost);
      chatDuplicated = Math.max(chatDuplicated, counts.duplicated);
      chatOutOfOrder = Math.max(chatOutOfOrder, counts.outOfOrder);
    }
    lost += chatLost;
    duplicated += chatDuplicated;
    outOfOrder += chatOutOfOrder + disagreements(chat.chatId, chat.views, problems);
    const invalid: string[] = [];
    if (chat.failure) invalid.push(`script failed: ${chat.failure}`);
    if (!chat.table) invalid.push('no chat item in the table');
    else {
      if (chat.table.status !== 'closed') invalid.push(`status ${chat.table.status} at the end (expected closed)`);
      const stored = chat.views[0]?.messages.length ?? 0;
      if (chat.table.lastSeq !== stored) invalid.push(`lastSeq ${chat.table.lastSeq} but ${stored} messages stored`);
      if (chat.sent.some((s) => s.side === 'agent') && !chat.table.agentId) invalid.push('agent messages but no agent on the chat');
    }
    for (const view of chat.views.slice(1)) if (view.status !== chat.table?.status) invalid.push(`${view.name} sees status ${view.status ?? 'nothing'}, the table ${chat.table?.status ?? 'nothing'}`);
    if (invalid.length > 0) {
      invalidStates += 1;
      problems.push(`${chat.chatId}: ${invalid.join('; ')}`);
    }
  }
  for (const agent of agents) {
    if (agent.activeChats !== 0 || agent.openChatItems !== 0) {
      invalidStates += 1;
      problems.push(`${agent.agentId}: activeChats ${agent.activeChats}, ${agent.openChatItems} open chat items after every chat closed`);
    }
  }
  return { lost, duplicated, outOfOrder, invalidStates, problems };
}
