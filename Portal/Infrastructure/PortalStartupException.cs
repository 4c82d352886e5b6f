namespace Portal.Infrastructure;

// A start-up problem the operator can fix; Program prints its message alone, without a stack trace.
public sealed class PortalStartupException(string message, Exception? inner = null) : Exception(message, inner);
