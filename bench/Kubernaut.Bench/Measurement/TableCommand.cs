using System.CommandLine;

namespace Kubernaut.Bench.Measurement;

/// <summary>How every benchmark subcommand ends: progress lines while it runs, then its table of figures.</summary>
internal static class TableCommand
{
    public static Command PrintingTable(this Command command, Func<ParseResult, TextWriter, CancellationToken, Task<ResultTable>> run)
    {
        command.SetAction(async (result, ct) =>
        {
            var table = await run(result, Console.Out, ct);
            Console.WriteLine();
            Console.WriteLine(table);
            return 0;
        });
        return command;
    }
}
