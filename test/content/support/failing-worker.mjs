// A render worker that cannot start: its module throws while loading, before it says it is ready.
throw new Error('this worker cannot start');
