// The entry point maps every error to an exit code in one place:
// 0 success, 1 a refused or invalid request (message on stderr), 64 a usage error.
await CommandLineRunner.run(CirclesCommand.self)
