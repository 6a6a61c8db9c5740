namespace Kubernaut.Hub.LeaderElection;

/// <summary>Whether this replica may act (advance requests, cause side effects) right now.</summary>
internal interface ILeadership
{
    bool IsLeader { get; }

    string Identity { get; }
}
