return Datadings.Cli.DatadingsCommandLine.Run(args);
