// A command line that cannot be run as given: the CLI prints the message on one line and
// exits with code 2, as the contract asks for bad options.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
