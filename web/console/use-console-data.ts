/**
 * What the console's tools need beside the chats: the canned responses and the tag choices,
 * loaded after each (re)connect and refreshed after a change. Failures leave the last list.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CannedResponse } from '../sdk/types';
import type { Workspace } from './use-workspace';

export interface ConsoleData {
  readonly canned: readonly CannedResponse[];
  readonly tagChoices: readonly string[];
  reload(): void;
}

export function useConsoleData(ws: Workspace): ConsoleData {
  const [canned, setCanned] = useState<readonly CannedResponse[]>([]);
  const [tagChoices, setTagChoices] = useState<readonly string[]>([]);
  const reload = () => {
    ws.request({ action: 'listCanned' }).then((ack) => setCanned(ack.canned), () => undefined);
    ws.request({ action: 'listTags' }).then((ack) => setTagChoices(ack.tags), () => undefined);
  };
  useEffect(() => {
    if (ws.connection === 'open') reload();
  }, [ws.connection]);
  return { canned, tagChoices, reload };
}
