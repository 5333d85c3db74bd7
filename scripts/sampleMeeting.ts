/**
 * Prints the path of the sample meeting's mono WAV, speaking it with flite first if it is not in
 * the fixture cache yet. The README's main-job command transcribes this file.
 */
import { synthesizeConversation } from './fixtures/synthesizeConversation.ts';

const fixture = await synthesizeConversation('sample-meeting');
process.stdout.write(`${fixture.mixWav}\n`);
