// Integration tests run against real brokers, sockets, processes and a browser on a shared
// 2-core machine; a test that fails once is run once more, with the first failure printed, so
// a scheduling hiccup is told apart from a real failure (which fails twice).
jest.retryTimes(1, { logErrorsBeforeRetry: true });
