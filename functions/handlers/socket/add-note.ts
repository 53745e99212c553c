/** `addNote`: staff write an internal note the visitor never sees. */
import { addNoteFrame } from '../../contracts/frames';
import { addNote } from '../../use-cases/add-note';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('addNote', addNoteFrame, (frame, ctx) => addNote(deps(), ctx, frame));

export const handler = createHandler(appDeps);
