using System.Text;
using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Awx;

/// <summary>AWX's unified job states.</summary>
internal static class AwxJobStatus
{
    public const string New = "new";
    public const string Pending = "pending";
    public const string Waiting = "waiting";
    public const string Running = "running";
    public const string Successful = "successful";
    public const string Failed = "failed";
    public const string Error = "error";
    public const string Canceled = "canceled";

    public static bool IsFinished(string status) => status is Successful or Failed or Error or Canceled;
}

/// <summary>
/// One job: what was launched (a snapshot of the template, extra vars and credentials) and how it is going.
/// State changes take the lock; readers get consistent snapshots through <see cref="View"/>.
/// </summary>
internal sealed class AwxJob(int id, AwxJobTemplate template, JsonObject extraVars, IReadOnlyList<AwxCredential> credentials, DateTimeOffset created)
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _stdout = new();
    private readonly CancellationTokenSource _cancel = new();

    public int Id { get; } = id;

    public AwxJobTemplate Template { get; } = template;

    public JsonObject ExtraVars { get; } = extraVars;

    public IReadOnlyList<AwxCredential> Credentials { get; } = credentials;

    public DateTimeOffset Created { get; } = created;

    public string Status { get; private set; } = AwxJobStatus.New;

    public bool Failed => Status is AwxJobStatus.Failed or AwxJobStatus.Error;

    public DateTimeOffset? Started { get; private set; }

    public DateTimeOffset? Finished { get; private set; }

    public DateTimeOffset? CanceledOn { get; private set; }

    public string JobExplanation { get; private set; } = "";

    public string ResultTraceback { get; private set; } = "";

    /// <summary>Signalled when someone cancels the job; the runner kills ansible-playbook.</summary>
    public CancellationToken CancelRequested => _cancel.Token;

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public void AppendStdout(string line)
    {
        lock (_lock)
        {
            _stdout.Append(line).Append('\n');
        }
    }

    /// <summary>Moves along new → pending → waiting → running; ignored once the job has finished (a cancel won the race).</summary>
    public bool Advance(string status, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (AwxJobStatus.IsFinished(Status))
            {
                return false;
            }

            Status = status;
            if (status == AwxJobStatus.Running)
            {
                Started = now;
            }

            return true;
        }
    }

    public void Finish(string status, DateTimeOffset now, string explanation = "", string traceback = "")
    {
        lock (_lock)
        {
            if (AwxJobStatus.IsFinished(Status))
            {
                return;
            }

            Status = status;
            Finished = now;
            JobExplanation = explanation;
            ResultTraceback = traceback;
        }
    }

    public bool CanCancel
    {
        get
        {
            lock (_lock)
            {
                return !AwxJobStatus.IsFinished(Status);
            }
        }
    }

    /// <summary>Requests cancellation; false when the job has already finished.</summary>
    public bool Cancel(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (AwxJobStatus.IsFinished(Status))
            {
                return false;
            }

            CanceledOn ??= now;
        }

        _cancel.Cancel();
        return true;
    }

    public object View(string basePath, DateTimeOffset now)
    {
        lock (_lock)
        {
            var elapsed = Started is { } s ? ((Finished ?? now) - s).TotalSeconds : 0;
            return new
            {
                id = Id,
                type = "job",
                url = $"{basePath}/jobs/{Id}/",
                related = new Dictionary<string, string>
                {
                    ["job_template"] = $"{basePath}/job_templates/{Template.Id}/",
                    ["stdout"] = $"{basePath}/jobs/{Id}/stdout/",
                    ["cancel"] = $"{basePath}/jobs/{Id}/cancel/",
                    ["credentials"] = $"{basePath}/jobs/{Id}/credentials/",
                    ["relaunch"] = $"{basePath}/jobs/{Id}/relaunch/",
                },
                summary_fields = new
                {
                    job_template = new { id = Template.Id, name = Template.Name },
                    inventory = new { id = AwxInventory.LocalhostId, name = AwxInventory.LocalhostName },
                    credentials = Credentials.Select(c => new { id = c.Id, name = c.Name, kind = c.Type.Kind, cloud = false }).ToList(),
                },
                created = AwxJson.Timestamp(Created),
                modified = AwxJson.Timestamp(Finished ?? Started ?? Created),
                name = Template.Name,
                description = "",
                job_type = "run",
                launch_type = "manual",
                status = Status,
                failed = Failed,
                started = Started is null ? null : AwxJson.Timestamp(Started),
                finished = Finished is null ? null : AwxJson.Timestamp(Finished),
                canceled_on = CanceledOn is null ? null : AwxJson.Timestamp(CanceledOn),
                elapsed = Math.Round(Math.Max(elapsed, 0), 3),
                job_explanation = JobExplanation,
                execution_node = "localhost",
                result_traceback = ResultTraceback,
                job_template = Template.Id,
                unified_job_template = Template.Id,
                inventory = AwxInventory.LocalhostId,
                playbook = Template.Playbook,
                limit = "",
                extra_vars = ExtraVars.ToJsonString(),
                verbosity = 0,
                timeout = 0,
                artifacts = new JsonObject(),
            };
        }
    }
}
