using System.CommandLine;

namespace Datadings.Cli;

/// <summary>Runs a command's body with error reporting and Ctrl+C cancellation.</summary>
internal static class CommandAction
{
    public static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, int> body) =>
        command.SetAction(parseResult =>
        {
            using var interrupt = new Interrupt();
            try
            {
                return body(parseResult, interrupt.Token);
            }
            catch (Exception exception)
            {
                return ErrorReporter.Report(exception);
            }
        });

    /// <summary>Turns the first Ctrl+C into cancellation (outputs are discarded); a second one kills the process.</summary>
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _source = new();

        public Interrupt() => Console.CancelKeyPress += OnCancelKeyPress;

        public CancellationToken Token => _source.Token;

        private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = !_source.IsCancellationRequested;
            _source.Cancel();
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            _source.Dispose();
        }
    }
}
