import { MultipleErrors, NetworkError, ProtocolError, UserError } from '@platformatic/kafka';
import { EventLogError } from '../../src/errors';
import { hasProtocolError, toPlatformaticError } from '../../src/event-log/platformatic-errors';

describe('@platformatic/kafka errors as EventLogErrors', () => {
  it('names a protocol error by Kafka’s own error name, found anywhere in the tree', () => {
    const error = new MultipleErrors('Producing messages failed.', [
      new ProtocolError('NOT_LEADER_OR_FOLLOWER'),
    ]);
    const mapped = toPlatformaticError(error, 'produce');
    expect(mapped).toBeInstanceOf(EventLogError);
    expect(mapped.code).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(mapped.retriable).toBe(true);
    expect(mapped.cause).toBe(error);
  });

  it('calls a lost connection retriable and a group that is not empty not', () => {
    const network = toPlatformaticError(new NetworkError('Connection closed'), 'fetch');
    expect(network).toMatchObject({ code: 'NETWORK_EXCEPTION', retriable: true });
    const nonEmpty = new MultipleErrors('Deleting groups failed.', [
      new ProtocolError('NON_EMPTY_GROUP'),
    ]);
    expect(toPlatformaticError(nonEmpty, 'deleteGroup')).toMatchObject({
      code: 'NON_EMPTY_GROUP',
      retriable: false,
    });
    expect(hasProtocolError(nonEmpty, 'NON_EMPTY_GROUP')).toBe(true);
    expect(hasProtocolError(nonEmpty, 'GROUP_ID_NOT_FOUND')).toBe(false);
  });

  it('keeps the client’s code for its own errors and wraps anything else', () => {
    expect(toPlatformaticError(new UserError('bad option'), 'send')).toMatchObject({
      code: 'PLT_KFK_USER',
      retriable: false,
    });
    expect(toPlatformaticError('boom', 'send')).toMatchObject({
      code: 'KAFKA_ERROR',
      retriable: false,
    });
  });
});
