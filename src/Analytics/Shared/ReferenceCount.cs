namespace RevivalAnalytics;

/// <summary>
/// Counts who holds a resource that is shared by requests and replaced while they run (a data version's database, a
/// model load, a SQL sandbox): it is freed when the last holder lets go, never while one still uses it. Starts at one
/// reference, the creator's. Thread-safe.
/// </summary>
/// <param name="free">Frees the resource; called once, by the last <see cref="Release"/>.</param>
internal sealed class ReferenceCount(Action free)
{
    private int _references = 1;

    /// <summary>Whether the resource is already freed (no reference can be taken any more).</summary>
    public bool IsFreed => Volatile.Read(ref _references) == 0;

    /// <summary>Takes a reference unless the resource is already freed: a holder that lost the race to a release must
    /// look for the newer resource instead.</summary>
    /// <returns>True when the reference was taken.</returns>
    public bool TryAddReference()
    {
        var count = Volatile.Read(ref _references);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    /// <summary>Takes a reference the caller knows to be available (it holds one itself).</summary>
    /// <exception cref="ObjectDisposedException">The resource was freed: the caller released a reference it did not hold.</exception>
    public void AddReference()
    {
        if (!TryAddReference())
        {
            throw new ObjectDisposedException(nameof(ReferenceCount), "资源已释放 / the resource has been freed");
        }
    }

    /// <summary>Gives a reference back; the last one frees the resource.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            free();
        }
        else if (left < 0)
        {
            // Released more often than taken: a bug in the caller, never a reason to free twice.
            Interlocked.Exchange(ref _references, 0);
            throw new InvalidOperationException("引用计数释放次数多于获取次数 / a reference was released more often than it was taken");
        }
    }
}
