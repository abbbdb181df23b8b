import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import type { Logger } from '../log';

// One debug line per AWS call (service, operation, HTTP status, attempts, time) for every SDK
// client the core makes, so `LATCHKEY_LOG_LEVEL=debug` shows what Latchkey asked of AWS and how
// it went. Only names and numbers: never the input or the output, which carry tokens and keys.

interface CallMetadata {
  httpStatusCode?: number;
  attempts?: number;
}

/** Adds the call log to a client's middleware stack (every command it sends). */
export function logAwsCalls<I extends object, O extends object>(client: { middlewareStack: MiddlewareStack<I, O> }, logger: Logger): void {
  const middleware: InitializeMiddleware<I, O> = (next, context) => async (args) => {
    const started = performance.now();
    const what = `${(context.clientName ?? 'AWS').replace(/Client$/, '')} ${(context.commandName ?? 'call').replace(/Command$/, '')}`;
    const took = () => Math.round(performance.now() - started);
    try {
      const result = await next(args);
      const meta = (result.output as { $metadata?: CallMetadata }).$metadata;
      logger.debug(`AWS call ${what}`, { status: meta?.httpStatusCode, attempts: meta?.attempts, ms: took() });
      return result;
    } catch (err) {
      const e = err as { name?: string; $metadata?: CallMetadata };
      logger.debug(`AWS call ${what} failed`, { error: e.name, status: e.$metadata?.httpStatusCode, attempts: e.$metadata?.attempts, ms: took() });
      throw err;
    }
  };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'latchkeyCallLog' });
}
