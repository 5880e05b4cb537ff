using System.CommandLine;
using RevivalAnalytics.Cli.Commands;

var root = new RootCommand("RevivalAnalytics: 巩固拓展脱贫攻坚成果监测分析 / analytics for consolidating poverty-alleviation results");
root.Subcommands.Add(QueryCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(ImportCommand.CreateVersions());
root.Subcommands.Add(ImportCommand.CreateRollback());
root.Subcommands.Add(AssessCommand.Create());
root.Subcommands.Add(UsersCommand.Create());
foreach (var command in ModelCommands.Create())
{
    root.Subcommands.Add(command);
}

return root.Parse(args).Invoke();
