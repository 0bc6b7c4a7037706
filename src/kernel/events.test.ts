import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StationEvents } from './events.js';

describe('StationEvents', () => {
  it('calls the listeners in the order they subscribed, each until it unsubscribes', () => {
    const events = new StationEvents();
    const heard: string[] = [];
    const offA = events.on('changed', () => heard.push('a'));
    events.on('changed', () => heard.push('b'));
    events.emit('changed', undefined);
    offA();
    offA();
    events.emit('changed', undefined);
    assert.deepEqual(heard, ['a', 'b', 'b']);
  });

  it('an emit under way reaches the listeners it started with, whatever they subscribe or drop', () => {
    const events = new StationEvents();
    const heard: string[] = [];
    let offB = (): void => undefined;
    events.on('changed', () => {
      heard.push('a');
      offB();
      events.on('changed', () => heard.push('late'));
    });
    offB = events.on('changed', () => heard.push('b'));
    events.emit('changed', undefined);
    assert.deepEqual(heard, ['a', 'b']);
  });

  it("one listener's failure goes to onError and the others still hear the event", () => {
    const events = new StationEvents();
    const errors: unknown[] = [];
    let heard = 0;
    events.on('changed', () => {
      throw new Error('boom');
    });
    events.on('changed', () => heard++);
    events.emit('changed', undefined, (error) => errors.push(error));
    assert.equal(heard, 1);
    assert.equal((errors[0] as Error).message, 'boom');
  });
});
