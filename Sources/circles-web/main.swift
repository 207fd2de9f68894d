// circles-web: the pages behind the signed links in Circles' mail. See `circles-web --help`.
await WebCommand.start()
