return PidGpu.Cli.CliApp.Run(args, Console.Out, Console.Error);
