using OrleansPlatform.Gateway.EventStore;

namespace OrleansPlatform.Gateway.TimeTravel;

public sealed record StreamDiffResponse(string StreamId, long FromVersion, long ToVersion, RawJson From, RawJson To, RawJson Diff);

public sealed record WhatIfResponse(string StreamId, long Version, RawJson Actual, RawJson Hypothetical, RawJson Diff);
