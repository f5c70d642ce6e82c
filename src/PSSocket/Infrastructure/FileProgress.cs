using System.Management.Automation;

namespace PSSocket.Infrastructure;

/// <summary>
/// Write-Progress for a file being read: silent for the first second, so small files show
/// nothing, then a few updates a second, and a Completed record at the end if any was shown.
/// Reports arrive on the pipeline thread (the engine reads files synchronously there).
/// </summary>
internal sealed class FileProgress
{
    private const int FirstDelayMilliseconds = 1000;
    private const int UpdateMilliseconds = 250;
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private long _next = Environment.TickCount64 + FirstDelayMilliseconds;
    private bool _shown;

    public FileProgress(Cmdlet cmdlet, int activityId, string activity, string path)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(activityId, activity, path);
    }

    public void Report(long done, long total)
    {
        if (total <= 0 || Environment.TickCount64 < _next)
        {
            return;
        }

        _record.PercentComplete = (int)(100 * done / total);
        _cmdlet.WriteProgress(_record);
        _shown = true;
        _next = Environment.TickCount64 + UpdateMilliseconds;
    }

    public void Complete()
    {
        if (_shown)
        {
            _record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_record);
        }
    }
}
