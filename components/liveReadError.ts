// The one error of reading a live mesh: which server, which kind, and why. Its own module, so
// that code judging a read (the component's gate, the CLI) need not load the Kubernetes client.
export class LiveReadError extends Error {}
