using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Portal.Features.Accounts;

// Base for interactive staff pages: the signed-in actor, read on the server from the authentication state.
public abstract class StaffPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected StaffActor? Actor { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        Actor = StaffActor.From((await AuthenticationState).User);
        if (Actor is not null) await OnActorReadyAsync(Actor);
    }

    protected virtual Task OnActorReadyAsync(StaffActor actor) => Task.CompletedTask;
}
