namespace Kubernaut.KindFleet.PromQl;

/// <summary>The query does not parse (HTTP 400 <c>bad_data</c>).</summary>
internal sealed class PromQlParseException(string message) : Exception(message);

/// <summary>The query parsed but cannot be evaluated (HTTP 422 <c>execution</c>).</summary>
internal sealed class PromQlEvalException(string message) : Exception(message);
