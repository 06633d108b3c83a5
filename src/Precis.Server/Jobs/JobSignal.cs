using System.Collections.Concurrent;

namespace Precis.Server.Jobs;

/// <summary>Wakes the job runner when a job is queued and lets a cancel request reach a running job at once.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _queued = new(0, int.MaxValue);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public void Dispose() => _queued.Dispose();

    public void Queued() => _queued.Release();

    /// <summary>Waits for a queued job or the poll interval.</summary>
    public Task<bool> WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => _queued.WaitAsync(poll, cancellationToken);

    internal void Register(Guid job, CancellationTokenSource cts) => _running[job] = cts;

    internal void Unregister(Guid job) => _running.TryRemove(job, out _);

    /// <summary>Cancels a job running in this process; false when it is not running here.</summary>
    public bool Cancel(Guid job)
    {
        if (!_running.TryGetValue(job, out var cts))
            return false;
        cts.Cancel();
        return true;
    }
}
