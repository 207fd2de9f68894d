// circles-worker: sends meeting reminders reliably. See `circles-worker run --help`.
await WorkerCommand.start()
