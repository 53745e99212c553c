/**
 * The AWS meter of one function thread (LocalRuntimeOptions.functionThreadSetup): each thread
 * counts the calls its functions make; live-run.ts resets, switches and reads
 * them all through LocalRuntime.broadcast.
 */
import { onThreadControl } from '../../lib/local/thread-control';
import { AwsMeter } from './aws-meter';

const meter = new AwsMeter();
meter.install();
onThreadControl('meter.reset', async (sizeTransactions) => {
  await meter.settle(); // a sizing read still in flight belongs to what came before
  meter.reset();
  meter.sizeTransactions = sizeTransactions === true;
});
onThreadControl('meter.read', async () => {
  await meter.settle();
  return meter.reading();
});
